import { describe, expect, it } from "vitest";

import { progressEventSchema, runV1Schema } from "./run-schema";
import { figuresAgree } from "./run-checks";
import { summarizeRun } from "./scoring";

const HOTKEY = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
const prompt = (index: number) => ({
  index,
  promptSha256: "a".repeat(64),
  inputTokens: 3000,
  outputTokens: 256,
  ttftMs: 400 + index,
  throughputTps: 55,
  e2eMs: 5000,
  itlMs: { p50: 18, p90: 22, p99: 30 },
  comparedTokens: 256,
  matchedTokens: 250,
  passed: true,
  divergence: {
    position: 250,
    baselineToken: " the",
    minerToken: " a",
    baselineTokenLogprob: -0.9,
    minerTokenLogprob: -0.6,
    minerTop5: [
      { token: " a", logprob: -0.6 },
      { token: " the", logprob: -0.9 },
    ],
  },
});
const baselinePrompts = [0, 1, 2].map((index) => ({
  index,
  ttftMs: 500,
  throughputTps: 50,
  outputTokens: 256,
}));
const prompts = [0, 1, 2].map(prompt);

const scored = {
  schema: "cacheon.run.v1",
  runId: "0b6c3c1e-5a0f-4b8e-9d7a-2f1e3c4b5a69",
  netuid: 14,
  submission: {
    hotkey: HOTKEY,
    image: "docker.io/alice/q:v3",
    digest: `sha256:${"b".repeat(64)}`,
    commitBlock: 5_000_000,
  },
  validator: { hotkey: HOTKEY },
  runner: { version: "1.0.0", gpu: { model: "H200", count: 4, driver: "570.86" }, host: "pod-1" },
  seed: { block: 5_000_100, blockHash: `0x${"c".repeat(64)}` },
  startedAt: "2026-05-01T10:00:00Z",
  finishedAt: "2026-05-01T10:20:00.500Z",
  outcome: "scored",
  baseline: {
    engine: "vllm",
    version: "0.9.0",
    image: "vllm/vllm-openai:v0.9.0",
    medianTtftMs: 500,
    medianThroughputTps: 50,
    prompts: baselinePrompts,
  },
  prompts,
  summary: summarizeRun(prompts, { prompts: baselinePrompts }, true),
};
const failed = {
  ...scored,
  outcome: "failed",
  failure: { reason: "oom", message: "killed", stage: "benchmark", logTail: "Killed\n" },
  summary: { ...scored.summary, score: 0 },
};

const issues = (value: unknown): string[] =>
  runV1Schema.safeParse(value).error?.issues.map((i) => `${i.path.join(".")}: ${i.code}`) ?? [];

describe("runV1Schema", () => {
  it("accepts a scored run whose summary is the recomputed one", () => {
    expect(issues(scored)).toEqual([]);
    expect(figuresAgree(scored.summary.score, 0.5 * 0.198 + 0.5 * 0.1, 1e-6)).toBe(true);
  });

  it("accepts a failed run with its failure, including runner_error", () => {
    expect(issues(failed)).toEqual([]);
    expect(issues({ ...failed, failure: { ...failed.failure, reason: "runner_error" } })).toEqual([]);
  });

  it("requires failure exactly when the outcome is failed", () => {
    expect(issues({ ...scored, failure: failed.failure })).toEqual([": unrecognized_keys"]);
    const { failure: _dropped, ...withoutFailure } = failed;
    expect(issues(withoutFailure)).toEqual(["failure: invalid_type"]);
  });

  it("rejects unknown keys at every level", () => {
    expect(issues({ ...scored, extra: 1 })).toEqual([": unrecognized_keys"]);
    expect(
      issues({ ...scored, runner: { ...scored.runner, gpu: { ...scored.runner.gpu, vram: 141 } } }),
    ).toEqual(["runner.gpu: unrecognized_keys"]);
    expect(issues({ ...scored, prompts: [{ ...prompt(0), usageTokens: 9 }] })).toEqual([
      "prompts.0: unrecognized_keys",
    ]);
  });

  it.each([
    ["a negative TTFT", { prompts: [{ ...prompt(0), ttftMs: -1 }] }, "prompts.0.ttftMs"],
    [
      "an infinite throughput",
      { prompts: [{ ...prompt(0), throughputTps: Number.POSITIVE_INFINITY }] },
      "prompts.0.throughputTps",
    ],
    ["a non-uuid runId", { runId: "run-1" }, "runId"],
    ["a datetime with an offset instead of UTC", { startedAt: "2026-05-01T10:00:00+02:00" }, "startedAt"],
    ["a netuid out of range", { netuid: 70_000 }, "netuid"],
    [
      "an uppercase digest",
      { submission: { ...scored.submission, digest: `sha256:${"B".repeat(64)}` } },
      "submission.digest",
    ],
    [
      "a positive logprob",
      { prompts: [{ ...prompt(0), divergence: { ...prompt(0).divergence, minerTokenLogprob: 0.1 } }] },
      "prompts.0.divergence.minerTokenLogprob",
    ],
    [
      "a match rate above 1",
      { summary: { ...scored.summary, tokenMatchRate: 1.01 } },
      "summary.tokenMatchRate",
    ],
    [
      "more matched than compared tokens",
      { prompts: [{ ...prompt(0), matchedTokens: 257 }] },
      "prompts.0.matchedTokens",
    ],
    ["finishedAt before startedAt", { finishedAt: "2026-05-01T09:00:00Z" }, "finishedAt"],
    ["a failing prompt in a scored run", { prompts: [{ ...prompt(0), passed: false }] }, "outcome"],
    ["a scored run without prompts", { prompts: [] }, "prompts"],
  ])("rejects %s", (_label, override, path) => {
    expect(issues({ ...scored, ...override }).map((i) => i.split(":")[0])).toContain(path);
  });

  // The API refuses these with 422 (lib/protocol/run-checks.ts): they are claims about figures, not shapes.
  it("leaves duplicate prompt indexes and a failed run's score to the API's checks", () => {
    expect(issues({ ...scored, prompts: [prompt(0), prompt(0)] })).toEqual([]);
    expect(issues({ ...failed, summary: scored.summary })).toEqual([]);
  });

  it("rejects a reason outside the documented list", () => {
    expect(issues({ ...failed, failure: { ...failed.failure, reason: "duplicate" } })).toEqual([
      "failure.reason: invalid_value",
    ]);
  });

  it("caps logTail at 64 KiB of UTF-8", () => {
    expect(issues({ ...failed, failure: { ...failed.failure, logTail: "x".repeat(65_536) } })).toEqual([]);
    expect(issues({ ...failed, failure: { ...failed.failure, logTail: "é".repeat(32_769) } })).toEqual([
      "failure.logTail: custom",
    ]);
  });

  // Found by the write-route fuzz (app/api/v1/write-routes.fuzz.test.ts): each was a 500 from the database.
  it("rejects counts a 32-bit column cannot hold", () => {
    const big = { ...scored, prompts: [{ ...prompt(0), outputTokens: 2 ** 31 }, ...prompts.slice(1)] };
    expect(issues(big)).toEqual(["prompts.0.outputTokens: too_big"]);
  });

  it.each(["a\u0000b", "\ud800", "x\udfff"])("rejects text Postgres cannot store (%j)", (bad) => {
    expect(issues({ ...scored, runner: { ...scored.runner, host: bad } })).toEqual(["runner.host: custom"]);
    expect(issues({ ...failed, failure: { ...failed.failure, logTail: bad } })).toEqual([
      "failure.logTail: custom",
    ]);
  });

  it("rejects the year 0000, which Postgres cannot store", () => {
    expect(issues({ ...scored, startedAt: "0000-01-01T00:00:00Z" })).toEqual(["startedAt: custom"]);
    expect(
      progressEventSchema.safeParse({ phase: "pulling", detail: "", at: "0000-12-31T23:59:59Z" }).success,
    ).toBe(false);
    expect(
      progressEventSchema.safeParse({ phase: "pulling", detail: "", at: "0001-01-01T00:00:00Z" }).success,
    ).toBe(true);
  });

  it("keeps emoji and other well-formed text", () => {
    expect(issues({ ...scored, runner: { ...scored.runner, host: "pod-😀-é" } })).toEqual([]);
  });
});

describe("progressEventSchema", () => {
  it("accepts a documented phase with detail and time", () => {
    expect(
      progressEventSchema.safeParse({ phase: "pulling", detail: "layer 3/9", at: "2026-05-01T10:00:00Z" })
        .success,
    ).toBe(true);
  });

  it("rejects an unknown phase or key", () => {
    expect(
      progressEventSchema.safeParse({ phase: "done", detail: "", at: "2026-05-01T10:00:00Z" }).success,
    ).toBe(false);
    expect(
      progressEventSchema.safeParse({ phase: "health", detail: "", at: "2026-05-01T10:00:00Z", x: 1 })
        .success,
    ).toBe(false);
  });

  const at = "2026-05-01T10:00:00Z";
  const issues = (event: object) =>
    progressEventSchema.safeParse({ detail: "", at, ...event }).error?.issues.map((i) => i.message) ?? [];

  it("says which prompt of a prompt-sending phase is being sent", () => {
    for (const phase of ["warmup", "benchmark", "correctness"])
      expect(issues({ phase, promptIndex: 1, promptCount: 8 })).toEqual([]);
    expect(issues({ phase: "benchmark", promptIndex: 8, promptCount: 8 })).toEqual([]);
  });

  it("refuses a prompt past the count, a half pair, a zero and a prompt in a phase that sends none", () => {
    expect(issues({ phase: "benchmark", promptIndex: 9, promptCount: 8 })).toEqual([
      "promptIndex is past promptCount",
    ]);
    expect(issues({ phase: "benchmark", promptIndex: 3 })).toEqual([
      "promptIndex and promptCount come together",
    ]);
    expect(issues({ phase: "benchmark", promptCount: 3 })).toEqual([
      "promptIndex and promptCount come together",
    ]);
    expect(issues({ phase: "benchmark", promptIndex: 0, promptCount: 3 })).toHaveLength(1);
    expect(issues({ phase: "pulling", promptIndex: 1, promptCount: 3 })).toEqual([
      "only warmup, benchmark, correctness send prompts",
    ]);
  });
});
