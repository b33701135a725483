import { Agent, request } from "node:http";
import type { KeyringPair } from "@polkadot/keyring/types";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { promptRows, runRow } from "@/db/queries/runs";
import { submissions } from "@/db/schema";
import { BENCH_NETUID, deleteBenchRuns, insertRowByRow } from "@/db/test-support/bench-dataset";
import { buildRun } from "@/lib/api/test-support/run-fixture";
import { signRequest } from "@/lib/api/test-support/signing";
import { sha256Hex } from "@/lib/protocol/epistula";
import { checkRunSummary } from "@/lib/api/run-checks";
import { paramsAt } from "@/lib/protocol/params";
import type { RunV1 } from "@/lib/protocol/run-schema";
import { load1 } from "../lib/machine";
import type { BenchRow } from "../lib/result";
import { round } from "../lib/stats";
import type { Explorer } from "../lib/server";

// Signed run ingest: N runs (10 prompts each, as the dataset's), each signed by one of the 64 permitted
// validators, POSTed to /api/v1/runs by `concurrency` keep-alive connections; the server verifies the
// signature, the nonce, the permit, the submission and the arithmetic, and stores the run in a transaction.
// Reference: the same rows inserted by this process, one INSERT per row, as many at once.

export const BENCH_RUNNER_VERSION = "cacheon-runner/bench";
export const SIGNED_FOR = "cacheon-bench";

export interface IngestPlan {
  runs: { run: RunV1; body: string; submissionId: number; pair: KeyringPair }[];
}

export async function planIngest(
  database: Database,
  pairs: KeyringPair[],
  count: number,
): Promise<IngestPlan> {
  const targets = await database.db
    .select()
    .from(submissions)
    .where(and(eq(submissions.netuid, BENCH_NETUID), eq(submissions.status, "scored")))
    .limit(Math.min(count, 2_000));
  if (targets.length === 0) throw new Error("no scored submissions to post runs for");
  const runs = Array.from({ length: count }, (_, i) => {
    const s = targets[i % targets.length] as (typeof targets)[number];
    const pair = pairs[i % pairs.length] as KeyringPair;
    const run = buildRun({
      validatorHotkey: pair.address,
      submission: { hotkey: s.hotkey, image: s.image, digest: s.digest, commitBlock: s.commitBlock },
      seed: { block: s.commitBlock + 361, blockHash: `0x${"ab".repeat(32)}` },
      prompts: 10,
    });
    run.runner.version = BENCH_RUNNER_VERSION;
    return { run, body: JSON.stringify(run), submissionId: s.id, pair };
  });
  return { runs };
}

/** The reference: the same rows, one INSERT per row, `concurrency` runs at a time. */
export async function ingestReference(database: Database, plan: IngestPlan, concurrency: number) {
  const rows = plan.runs.map(({ run, body, submissionId }) => {
    const bytes = new TextEncoder().encode(body);
    const { summary } = checkRunSummary(run, paramsAt(run.seed.block));
    const row = {
      run: { ...run, runId: run.runId.toLowerCase() },
      submissionId,
      summary,
      envelope: bytes,
      envelopeSha256: sha256Hex(bytes),
      epistulaUuid: crypto.randomUUID(),
      receivedAt: new Date(),
    };
    return { run: runRow(row), prompts: promptRows(row.run) };
  });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < rows.length; i = next++) {
        const r = rows[i] as (typeof rows)[number];
        await insertRowByRow(database.db, r.run, r.prompts);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await deleteBenchRuns(database.db, BENCH_RUNNER_VERSION, []);
  return { runsPerSecond: rows.length / seconds, seconds };
}

/** Signs every request just before sending (the Epistula clock check), then posts them all. */
export async function ingestOverHttp(server: Explorer, plan: IngestPlan, concurrency: number) {
  const url = new URL("/api/v1/runs", server.url);
  // Signed as each is sent: signing them all first would take longer than the server's ±8 s clock window on a
  // loaded machine. The signing is this process's CPU, not the server's.
  const sign = ({ body, pair }: IngestPlan["runs"][number]) =>
    signRequest({ path: "/api/v1/runs", pair, nowMs: Date.now(), signedFor: SIGNED_FOR, body });
  const requests = plan.runs;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const statuses = new Map<number, number>();
  let firstError = "";
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < requests.length; i = next++) {
        const spec = sign(requests[i] as (typeof requests)[number]);
        const { status, text } = await post(agent, url, spec.headers, spec.body as Uint8Array);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status !== 201 && firstError === "") firstError = `${status}: ${text.slice(0, 300)}`;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  const stored = statuses.get(201) ?? 0;
  return { runsPerSecond: stored / seconds, seconds, statuses: Object.fromEntries(statuses), firstError };
}

function post(agent: Agent, url: URL, headers: Record<string, string>, body: Uint8Array) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(
      url,
      { method: "POST", agent, headers: { ...headers, "content-length": String(body.length) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

export function ingestRow(
  http: Awaited<ReturnType<typeof ingestOverHttp>>,
  reference: Awaited<ReturnType<typeof ingestReference>>,
  count: number,
  concurrency: number,
): BenchRow {
  const errors = count - (http.statuses[201] ?? 0);
  return {
    row: "ingest",
    what: `POST /api/v1/runs: ${count} signed runs of 10 prompts, ${concurrency} connections`,
    figure: `${Math.round(http.runsPerSecond)} runs/s, ${errors} not stored${http.firstError ? ` (${http.firstError})` : ""}`,
    reference: `row-by-row INSERTs: ${Math.round(reference.runsPerSecond)} runs/s`,
    ratio: `${round(http.runsPerSecond / reference.runsPerSecond, 2)}× the reference`,
    target: "≥ 1,000 runs/s on 2 cores",
    met: http.runsPerSecond >= 1000 && errors === 0,
    load: load1(),
    detail: { http, reference },
  };
}

export { deleteBenchRuns };
