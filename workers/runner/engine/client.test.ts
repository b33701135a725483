import http from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ClientError, streamChat, type ChatRequestBody } from "./client";

// A scripted server: each test names a script that writes raw bytes, so every byte the client sees is chosen.
type Script = (res: http.ServerResponse) => void;
const scripts = new Map<string, Script>();
let server: http.Server;
let base: string;

const MODEL = "Qwen2.5-72B-Instruct";
const chunk = (delta: object, logprobs: object | null = null) =>
  `data: ${JSON.stringify({ object: "chat.completion.chunk", model: MODEL, choices: [{ index: 0, delta, logprobs, finish_reason: null }] })}\n\n`;
const sse = (res: http.ServerResponse) => res.writeHead(200, { "content-type": "text/event-stream" });

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => (scripts.get(req.headers["x-script"] as string) ?? (() => res.end()))(res));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const body = (extra: Partial<ChatRequestBody> = {}): ChatRequestBody => ({
  model: MODEL,
  messages: [{ role: "user", content: "hi" }],
  max_tokens: 4,
  temperature: 0,
  stream: true,
  ...extra,
});

function run(name: string, script: Script, extra: Partial<ChatRequestBody> = {}, timeoutMs = 2_000) {
  scripts.set(name, script);
  return streamChat({ baseUrl: base, body: body(extra), timeoutMs, agent: withHeader(name) });
}

/** The client sends no custom headers, so an agent adds one naming the script the server should play. */
function withHeader(name: string): http.Agent {
  const agent = new http.Agent();
  // addRequest is Agent's internal hook for each request (absent from the typings).
  const internal = agent as unknown as { addRequest: (req: http.ClientRequest, options: object) => void };
  const original = internal.addRequest.bind(agent);
  internal.addRequest = (req, options) => {
    req.setHeader("x-script", name);
    original(req, options);
  };
  return agent;
}

const failure = async (p: Promise<unknown>): Promise<ClientError> => {
  try {
    await p;
  } catch (error) {
    if (error instanceof ClientError) return error;
    throw error;
  }
  throw new Error("expected a ClientError");
};

describe("streamChat", () => {
  it("times TTFT to the first non-empty content, not the role-only chunk", async () => {
    const m = await run("ttft", (res) => {
      sse(res);
      res.write(chunk({ role: "assistant", content: "" }));
      setTimeout(() => res.write(chunk({ content: "a" })), 40);
      setTimeout(() => res.end(`${chunk({ content: "b" })}data: [DONE]\n\n`), 60);
    });
    expect(m.firstContentAt! - m.sentAt).toBeGreaterThanOrEqual(39);
    expect(m.contentTimes).toHaveLength(2);
    expect(m.text).toBe("ab");
    expect(m.doneAt).toBeGreaterThanOrEqual(m.lastContentAt!);
  });

  it("collects per-token logprobs and which text each token contributed", async () => {
    const lp = (token: string) => ({ token, logprob: -0.5, top_logprobs: [{ token, logprob: -0.5 }] });
    const m = await run(
      "logprobs",
      (res) => {
        sse(res);
        res.write(chunk({ content: "ab" }, { content: [lp("a"), lp("b")] }));
        res.write(chunk({ content: "c" }));
        res.end("data: [DONE]\n\n");
      },
      { logprobs: true, top_logprobs: 5 },
    );
    expect(m.tokens.map((t) => [t.token, t.text, t.logprobs?.logprob ?? null])).toEqual([
      ["a", "", -0.5],
      ["b", "ab", -0.5],
      ["c", "c", null],
    ]);
  });

  it.each<[string, Script, RegExp]>([
    ["no-done", (res) => (sse(res), res.end(chunk({ content: "a" }))), /without data: \[DONE\]/],
    [
      "after-done",
      (res) => (sse(res), res.end(`data: [DONE]\n\n${chunk({ content: "a" })}`)),
      /after data: \[DONE\]/,
    ],
    ["http-500", (res) => res.writeHead(500).end("boom"), /HTTP 500.*boom/],
    [
      "json-type",
      (res) => res.writeHead(200, { "content-type": "application/json" }).end("{}"),
      /content-type/,
    ],
    ["bad-json", (res) => (sse(res), res.end("data: {nope\n\n")), /not JSON/],
    [
      "too-many",
      (res) => (sse(res), res.end(`${chunk({ content: "a" }).repeat(5)}data: [DONE]\n\n`)),
      /more than max_tokens/,
    ],
  ])("reports %s as api_noncompliant", async (name, script, message) => {
    const error = await failure(run(name, script));
    expect(error.kind).toBe("noncompliant");
    expect(error.message).toMatch(message);
  });

  it("times out a stalled stream", async () => {
    const error = await failure(
      run("stall", (res) => (sse(res), res.write(chunk({ content: "a" }))), {}, 150),
    );
    expect(error.kind).toBe("timeout");
  });

  it("reports a dropped connection as a connection error", async () => {
    const error = await failure(
      run("drop", (res) => (sse(res), res.write(chunk({ content: "a" })), res.socket?.destroy())),
    );
    expect(error.kind).toBe("connection");
  });

  it("stops at once when aborted", async () => {
    scripts.set("abort", (res) => sse(res));
    const controller = new AbortController();
    const pending = streamChat({
      baseUrl: base,
      body: body(),
      timeoutMs: 5_000,
      signal: controller.signal,
      agent: withHeader("abort"),
    });
    setTimeout(() => controller.abort(), 20);
    expect((await failure(pending)).kind).toBe("aborted");
  });
});
