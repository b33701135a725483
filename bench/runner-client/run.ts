// node --import tsx bench/runner-client/run.ts [--requests 500] [--rounds 5]
// Measures the runner's measurement client (workers/runner/engine/client.ts): its TTFT error against the time a server in
// another process wrote the first content byte, and how many streamed tokens one process ingests per second
// next to a bare reader that only counts bytes. See README.md beside this file.
import { spawn } from "node:child_process";
import http from "node:http";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { streamChat, type ChatRequestBody } from "@/workers/runner/engine/client";
import { monotonicMs } from "@/workers/runner/engine/clock";
import { percentile } from "@/workers/runner/engine/stats";

const { values } = parseArgs({
  options: { requests: { type: "string", default: "500" }, rounds: { type: "string", default: "5" } },
});
const REQUESTS = Number(values.requests);
const ROUNDS = Number(values.rounds);

async function startServers(): Promise<{ base: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", fileURLToPath(new URL("servers.ts", import.meta.url))],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const port = await new Promise<number>((resolve) =>
    child.stdout.once("data", (b: Buffer) => resolve((JSON.parse(b.toString()) as { port: number }).port)),
  );
  return { base: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

function agentFor(kind: string): http.Agent {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const internal = agent as unknown as { addRequest: (req: http.ClientRequest, options: object) => void };
  const original = internal.addRequest.bind(agent);
  internal.addRequest = (req, options) => {
    req.setHeader("x-bench", kind);
    original(req, options);
  };
  return agent;
}

const body = (maxTokens: number, logprobs = false): ChatRequestBody => ({
  model: "Qwen2.5-72B-Instruct",
  messages: [{ role: "user", content: "bench" }],
  max_tokens: maxTokens,
  temperature: 0,
  stream: true,
  ...(logprobs ? { logprobs: true, top_logprobs: 5 } : {}),
});

async function ttftError(base: string): Promise<number[]> {
  const agent = agentFor("truth");
  const errors: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const m = await streamChat({ baseUrl: base, body: body(8), timeoutMs: 5_000, agent });
    const truth = (await (await fetch(`${base}/truth`)).json()) as { firstContentAt: number };
    // Measured TTFT minus true TTFT = client arrival stamp minus server write stamp (same clock, same origin).
    errors.push((m.firstContentAt as number) - truth.firstContentAt);
  }
  agent.destroy();
  return errors;
}

/** The same figure for a bare node:http reader that stamps the first read holding the content: the floor. */
async function bareTtftError(base: string): Promise<number[]> {
  const agent = agentFor("truth");
  const errors: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const at = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${base}/v1/chat/completions`, { method: "POST", agent }, (res) => {
        let stamp = 0;
        res.on("data", (b: Buffer) => {
          const now = monotonicMs();
          if (stamp === 0 && b.includes("Hello")) stamp = now;
        });
        res.on("end", () => resolve(stamp));
      });
      req.on("error", reject);
      req.end("{}");
    });
    const truth = (await (await fetch(`${base}/truth`)).json()) as { firstContentAt: number };
    errors.push(at - truth.firstContentAt);
  }
  agent.destroy();
  return errors;
}

/** Tokens per second of wall time, and per second of this process's CPU time (what one core sustains). */
interface Rate {
  readonly wall: number;
  readonly cpu: number;
}

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};

// Each ingest figure takes the median of ROUNDS rounds after one that is not counted: a runner has streamed
// many responses before it measures one, so its parsing code is compiled (the first round here runs at about
// half speed while it is not), and both readers are measured warm. The speed pass and the bare reader take
// turns, round by round, so a machine whose speed drifts (a shared VM's does, by a factor of two within a
// minute) slows both alike instead of whichever ran in its slow minute.

/** One streamed response of 200,000 chunks read by the client. */
async function clientRound(base: string, agent: http.Agent, logprobs: boolean): Promise<Rate> {
  const cpu = process.cpuUsage();
  const m = await streamChat({ baseUrl: base, body: body(1e9, logprobs), timeoutMs: 120_000, agent });
  const tokens = m.contentTimes.length;
  return { wall: tokens / ((m.doneAt - m.sentAt) / 1000), cpu: tokens / cpuSeconds(cpu) };
}

/** The same response read by a reader that only counts bytes: the ceiling node:http itself sets here. */
async function bareRound(base: string): Promise<Rate & { bytesPerSec: number }> {
  const started = monotonicMs();
  const cpu = process.cpuUsage();
  const { bytes, events } = await new Promise<{ bytes: number; events: number }>((resolve, reject) => {
    const req = http.request(
      `${base}/v1/chat/completions`,
      { method: "POST", headers: { "x-bench": "blast" } },
      (res) => {
        let n = 0;
        let lines = 0;
        res.on("data", (b: Buffer) => {
          n += b.length;
          for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) lines++;
        });
        res.on("end", () => resolve({ bytes: n, events: lines / 2 }));
      },
    );
    req.on("error", reject);
    req.end("{}");
  });
  const seconds = (monotonicMs() - started) / 1000;
  // The role and [DONE] events are not tokens.
  const tokens = events - 2;
  return { bytesPerSec: bytes / seconds, wall: tokens / seconds, cpu: tokens / cpuSeconds(cpu) };
}

/** ROUNDS counted rounds of `read`, after one that is not. */
async function rounds<T>(read: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let r = -1; r < ROUNDS; r++) {
    const rate = await read();
    if (r >= 0) out.push(rate);
  }
  return out;
}

/** The same for two readers taking turns, round by round. */
async function alternating<A, B>(a: () => Promise<A>, b: () => Promise<B>): Promise<[A[], B[]]> {
  const pairs = await rounds(async (): Promise<[A, B]> => [await a(), await b()]);
  return [pairs.map(([x]) => x), pairs.map(([, y]) => y)];
}

const fmt = (x: number, digits = 0) =>
  x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const med = (xs: number[]) => percentile(xs, 50);

const { base, stop } = await startServers();
try {
  await ttftError(base); // warm-up: JIT, connection
  const errors = await ttftError(base);
  const floor = await bareTtftError(base);
  const line = (xs: number[]) =>
    `p50 ${fmt(med(xs), 3)}  p90 ${fmt(percentile(xs, 90), 3)}  p99 ${fmt(percentile(xs, 99), 3)}  max ${fmt(Math.max(...xs), 3)}`;
  console.log(`TTFT error over ${REQUESTS} requests (arrival stamp − server write stamp, ms):`);
  console.log(`  client:      ${line(errors)}`);
  console.log(`  bare reader: ${line(floor)}`);
  const speedAgent = agentFor("blast");
  const [plain, bare] = await alternating(
    () => clientRound(base, speedAgent, false),
    () => bareRound(base),
  );
  speedAgent.destroy();
  const logprobsAgent = agentFor("blast-logprobs");
  const withLogprobs = await rounds(() => clientRound(base, logprobsAgent, true));
  logprobsAgent.destroy();
  const rate = (xs: Rate[]) =>
    `${fmt(med(xs.map((x) => x.wall))).padStart(11)} per wall second  ${fmt(med(xs.map((x) => x.cpu))).padStart(11)} per CPU second`;
  console.log(`Ingest, ${ROUNDS} rounds of 200,000 chunks (medians, tokens/s):`);
  console.log(`  client, speed pass (no logprobs):  ${rate(plain)}`);
  console.log(`  client, correctness pass (top-5):  ${rate(withLogprobs)}`);
  console.log(
    `  bare reader, counting bytes only:  ${rate(bare)}  (${fmt(med(bare.map((b) => b.bytesPerSec)) / 1e6, 1)} MB/s)`,
  );
} finally {
  stop();
}
