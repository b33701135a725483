import path from "node:path";

import { describe, expect, it } from "vitest";

import { DEFAULT_PARAMS } from "@/lib/protocol/params";
import { startReferenceServer } from "@/workers/reference-server/server";

import { loadCorpus } from "./corpus";
import type { ContainerDriver, ContainerState } from "./driver";
import { evaluateImage } from "./evaluate-image";
import { EvalAborted, EvalFailure } from "./failure";
import { utf8Tail } from "./log-tail";
import { buildPromptSet } from "./prompts";
import { evalSettingsFrom } from "./settings";

// The container lifecycle with a fake driver around an in-process reference server: whatever happens, the
// container is removed, and exits are told apart from timeouts.

const corpus = loadCorpus(path.resolve(import.meta.dirname, "..", "..", "..", "corpus"));
const prompts = buildPromptSet(`0x${"ab".repeat(32)}`, corpus, { scored: 3, warmups: 1, contextChars: 500 });
const settings = evalSettingsFrom(
  { ...DEFAULT_PARAMS, maxTokens: 8 },
  { healthPollMs: 20, healthTimeoutMs: 300, promptTimeoutMs: 1_000 },
);

function fakeDriver(
  baseUrl: string,
  state: () => ContainerState,
  prepare?: () => Promise<void>,
  log = "server log",
) {
  const calls: string[] = [];
  const driver: ContainerDriver = {
    kind: "process",
    prepare: async () => {
      calls.push("prepare");
      await prepare?.();
    },
    start: async () => {
      calls.push("start");
      return {
        baseUrl,
        state: async () => state(),
        logTail: async (maxBytes: number) => utf8Tail(log, maxBytes),
        remove: async () => void calls.push("remove"),
      };
    },
  };
  return { driver, calls };
}

const input = (driver: ContainerDriver) => ({
  driver,
  spec: { image: "local/x:1", digest: `sha256:${"0".repeat(64)}`, name: "t" },
  warmups: prompts.warmups,
  scored: prompts.scored,
  settings,
  progress: () => undefined,
});

async function failureOf(p: Promise<unknown>): Promise<EvalFailure> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof EvalFailure)) throw new Error(`expected an EvalFailure, got ${String(error)}`);
  return error;
}

describe("evaluateImage", () => {
  it("measures every scored prompt and removes the container", async () => {
    const server = await startReferenceServer({ ttftMs: 5, tps: 2_000 });
    const { driver, calls } = fakeDriver(server.url, () => ({ status: "running" }));
    const result = await evaluateImage({ ...input(driver), signal: new AbortController().signal });
    await server.close();
    expect(result.prompts.map((p) => [p.index, p.outputTokens])).toEqual([
      [0, 8],
      [1, 8],
      [2, 8],
    ]);
    expect(calls).toEqual(["prepare", "start", "remove"]);
  });

  it("reports each phase, then each of its prompts as prompt k of N", async () => {
    const server = await startReferenceServer({ ttftMs: 5, tps: 2_000 });
    const { driver } = fakeDriver(server.url, () => ({ status: "running" }));
    const events: string[] = [];
    await evaluateImage({
      ...input(driver),
      signal: new AbortController().signal,
      progress: (phase, _detail, prompt) =>
        void events.push(prompt ? `${phase} ${prompt.index}/${prompt.count}` : phase),
    });
    await server.close();
    expect(events).toEqual([
      "pulling",
      "starting",
      "health",
      "warmup",
      "warmup 1/1",
      "benchmark",
      "benchmark 1/3",
      "benchmark 2/3",
      "benchmark 3/3",
      ...(settings.passes === 1
        ? []
        : ["correctness", "correctness 1/3", "correctness 2/3", "correctness 3/3"]),
    ]);
  });

  it("tells the operator's view alone the pull's bytes and the health wait's timeout, in order", async () => {
    const server = await startReferenceServer({ ttftMs: 5, tps: 2_000 });
    const { driver } = fakeDriver(server.url, () => ({ status: "running" }));
    const pull = { doneBytes: 1e9, totalBytes: 2e9, layersDone: 1, layerCount: 2 };
    const events: string[] = [];
    await evaluateImage({
      ...input(driver),
      driver: { ...driver, prepare: async (_spec, _signal, onPull) => onPull?.(pull) },
      signal: new AbortController().signal,
      progress: (phase, _detail, prompt) => void (prompt === undefined && events.push(phase)),
      live: (note) =>
        void events.push(
          note.kind === "pull" ? `live pull ${note.progress.doneBytes}` : `live health ${note.timeoutMs}`,
        ),
    });
    await server.close();
    expect(events.slice(0, 5)).toEqual([
      "pulling",
      "live pull 1000000000",
      "starting",
      "health",
      "live health 300",
    ]);
    expect(events.filter((e) => e.startsWith("live"))).toHaveLength(2);
  });

  it("gives the whole log to the report and its tail to the run", async () => {
    const server = await startReferenceServer({ ttftMs: 5, tps: 2_000 });
    const log = `${"a".repeat(100 * 1024)}\nthe last line`;
    const { driver } = fakeDriver(server.url, () => ({ status: "running" }), undefined, log);
    let whole = "";
    const result = await evaluateImage({
      ...input(driver),
      signal: new AbortController().signal,
      onLog: (text) => {
        whole = text;
      },
    });
    await server.close();
    expect(whole).toBe(log);
    expect(Buffer.byteLength(result.logTail)).toBe(64 * 1024);
    expect(result.logTail.endsWith("the last line")).toBe(true);
  });

  it("names an OOM kill during health checks and keeps the log tail", async () => {
    const { driver, calls } = fakeDriver("http://127.0.0.1:9", () => ({
      status: "exited",
      exitCode: 137,
      oomKilled: true,
    }));
    const failure = await failureOf(
      evaluateImage({ ...input(driver), signal: new AbortController().signal }),
    );
    expect([failure.reason, failure.stage, failure.logTail]).toEqual(["oom", "health", "server log"]);
    expect(calls).toContain("remove");
  });

  it("times out a server that never becomes healthy", async () => {
    const server = await startReferenceServer({ mode: "slow-start" });
    const { driver, calls } = fakeDriver(server.url, () => ({ status: "running" }));
    const failure = await failureOf(
      evaluateImage({ ...input(driver), signal: new AbortController().signal }),
    );
    await server.close();
    expect(failure.reason).toBe("health_timeout");
    expect(calls).toContain("remove");
  });

  it("passes a pull failure through without starting anything", async () => {
    const { driver, calls } = fakeDriver(
      "http://127.0.0.1:9",
      () => ({ status: "running" }),
      async () => {
        throw new EvalFailure("pull_failed", "pulling", "no such manifest");
      },
    );
    expect(
      (await failureOf(evaluateImage({ ...input(driver), signal: new AbortController().signal }))).reason,
    ).toBe("pull_failed");
    expect(calls).toEqual(["prepare"]);
  });

  it("abandons on abort and still removes the container", async () => {
    const server = await startReferenceServer({ ttftMs: 5, tps: 20 });
    const { driver, calls } = fakeDriver(server.url, () => ({ status: "running" }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    await expect(evaluateImage({ ...input(driver), signal: controller.signal })).rejects.toBeInstanceOf(
      EvalAborted,
    );
    await server.close();
    expect(calls).toEqual(["prepare", "start", "remove"]);
  });
});
