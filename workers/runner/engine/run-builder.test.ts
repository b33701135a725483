import { describe, expect, it } from "vitest";

import { checkRunClaims } from "@/lib/protocol/run-checks";
import { DEFAULT_PARAMS } from "@/lib/protocol/params";
import { runV1Schema } from "@/lib/protocol/run-schema";

import type { BaselineRecord } from "./baseline";
import type { StreamedToken } from "./client";
import { EvalFailure } from "./failure";
import type { PromptMeasurement } from "./measure";
import { utf8Tail } from "./log-tail";
import type { OutputVerification } from "@/lib/protocol/verification";

import { runContext } from "../test-support/run-context";

import { buildRun, type RunContext } from "./run-builder";

const HOTKEY = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
const ctx: RunContext = runContext({
  submission: {
    hotkey: HOTKEY,
    image: "docker.io/alice/fast:v1",
    digest: `sha256:${"c".repeat(64)}`,
    commitBlock: 10,
  },
  seed: { block: 100, blockHash: `0x${"ab".repeat(32)}` },
  validatorHotkey: HOTKEY,
  runner: { version: "test", gpu: { model: "NVIDIA H200", count: 4, driver: "550" }, host: "pod" },
  startedAt: new Date("2026-05-01T00:00:00Z"),
  finishedAt: new Date("2026-05-01T00:10:00Z"),
  baselineInfo: { engine: "vllm", version: "v0.9", image: `vllm/vllm-openai@sha256:${"d".repeat(64)}` },
});

const tok = (token: string, top: [string, number][] = [[token, -0.1]]): StreamedToken => ({
  token,
  text: token,
  logprobs: {
    logprob: top.find(([t]) => t === token)?.[1] ?? -5,
    top: top.map(([t, logprob]) => ({ token: t, logprob })),
  },
});

function measurement(
  index: number,
  tokens: StreamedToken[],
  speed: { ttft: number; tps: number },
  speedText?: string,
): PromptMeasurement {
  return {
    index,
    promptSha256: String(index).padStart(64, "0"),
    ttftMs: speed.ttft,
    throughputTps: speed.tps,
    e2eMs: speed.ttft + 100,
    itlMs: { p50: 1, p90: 2, p99: 3 },
    decodeMs: 100,
    outputTokens: tokens.length,
    tokens,
    speedText: speedText ?? tokens.map((t) => t.text).join(""),
    promptTokens: 900,
    promptTokensEstimate: 1000,
  };
}

const REF = ["a", "b", "c"].map((t) => tok(t));
const baseline: BaselineRecord = {
  key: "k",
  measuredAt: "2026-05-01T00:00:00.000Z",
  engine: "vllm",
  version: "v0.9",
  image: ctx.baselineInfo.image,
  prompts: [0, 1].map((i) => measurement(i, REF, { ttft: 100, tps: 50 })),
};
// A divergence the gate refuses: the submission's top-1 is 1.9 above its logprob of the baseline's token.
const FAR = [
  tok("a"),
  tok("x", [
    ["x", -0.1],
    ["b", -2],
  ]),
  tok("c"),
];
const measured = (prompts: PromptMeasurement[]) => ({ kind: "measured" as const, prompts, baseline });

describe("buildRun", () => {
  it("scores a faster correct submission against the baseline medians", () => {
    const run = buildRun(ctx, measured([1, 0].map((i) => measurement(i, REF, { ttft: 50, tps: 100 }))));
    expect(run.outcome).toBe("scored");
    expect(run.summary).toMatchObject({
      ttftImprovement: 0.5,
      throughputImprovement: 1,
      score: 0.75,
      tokenMatchRate: 1,
    });
    expect(run.prompts.map((p) => [p.index, p.inputTokens, p.passed])).toEqual([
      [0, 900, true],
      [1, 900, true],
    ]);
    expect(run.baseline).toMatchObject({ engine: "vllm", medianTtftMs: 100, medianThroughputTps: 50 });
    expect(runV1Schema.safeParse(run).success).toBe(true);
  });

  it("fails correctness_failed with the divergence recorded when a far token is emitted", () => {
    const run = buildRun(
      ctx,
      measured([measurement(0, REF, { ttft: 50, tps: 100 }), measurement(1, FAR, { ttft: 50, tps: 100 })]),
      "log",
    );
    expect(run.outcome === "failed" && run.failure).toMatchObject({
      reason: "correctness_failed",
      stage: "correctness",
      logTail: "log",
    });
    expect(run.outcome === "failed" && run.failure.message).toMatch(
      /prompt 1, token 1.*"x".*"b".*logprob_gap/,
    );
    expect(run.prompts[1]?.divergence).toMatchObject({
      position: 1,
      baselineToken: "b",
      minerToken: "x",
      baselineTokenLogprob: -2,
    });
    expect(run.summary.score).toBe(0);
  });

  it("passes a near tie and keeps the divergence", () => {
    const near = [
      tok("a"),
      tok("x", [
        ["x", -0.6],
        ["b", -0.9],
      ]),
      tok("y"),
    ];
    const run = buildRun(ctx, measured([0, 1].map((i) => measurement(i, near, { ttft: 50, tps: 100 }))));
    expect(run.outcome).toBe("scored");
    expect(run.summary.tokenMatchRate).toBeCloseTo(1 / 3);
  });

  it("fails speed_pass_mismatch when the timed text is not the verified text", () => {
    const run = buildRun(
      ctx,
      measured([
        measurement(0, REF, { ttft: 5, tps: 900 }, "abz"),
        measurement(1, REF, { ttft: 50, tps: 100 }),
      ]),
    );
    expect(run.outcome === "failed" && run.failure.reason).toBe("speed_pass_mismatch");
    expect(run.prompts[0]?.passed).toBe(false);
    expect(run.summary).toMatchObject({ correctnessPassed: false, score: 0 });
  });

  it("builds runs the API accepts, a correctness failure beside a speed-pass mismatch included", () => {
    const runs = [
      buildRun(ctx, measured([0, 1].map((i) => measurement(i, REF, { ttft: 50, tps: 100 })))),
      buildRun(
        ctx,
        measured([
          measurement(0, FAR, { ttft: 50, tps: 100 }),
          measurement(1, REF, { ttft: 5, tps: 900 }, "abz"),
        ]),
      ),
    ];
    expect(runs.map((r) => (r.outcome === "failed" ? r.failure.reason : r.outcome))).toEqual([
      "scored",
      "correctness_failed",
    ]);
    const params = { ...DEFAULT_PARAMS, scoredPrompts: 2 };
    for (const run of runs) expect(checkRunClaims(run, params).refusal).toBeNull();
  });

  it.each([
    ["image_too_large", "pulling"],
    ["pull_failed", "pulling"],
    ["container_crashed", "health"],
    ["oom", "benchmark"],
    ["health_timeout", "health"],
    ["prompt_timeout", "benchmark"],
    ["api_noncompliant", "warmup"],
    ["runner_error", "starting"],
  ] as const)("reports %s at %s with the log tail and a zero score", (reason, stage) => {
    const failure = new EvalFailure(reason, stage, "what happened", "log line\n");
    const run = buildRun(ctx, {
      kind: "failed",
      failure,
      baseline: reason === "runner_error" ? null : baseline,
    });
    expect(run.outcome === "failed" && run.failure).toEqual({
      reason,
      stage,
      message: "what happened",
      logTail: "log line\n",
    });
    expect(run.prompts).toEqual([]);
    expect(run.summary).toMatchObject({ score: 0, correctnessPassed: false, medianTtftMs: 0 });
    expect(runV1Schema.safeParse(run).success).toBe(true);
  });

  it("cuts the log tail to 64 KiB and the message to 4096 characters", () => {
    const failure = new EvalFailure("oom", "benchmark", "m".repeat(10_000), "é".repeat(70_000));
    const run = buildRun(ctx, { kind: "failed", failure, baseline });
    expect(run.outcome === "failed" && Buffer.byteLength(run.failure.logTail)).toBeLessThanOrEqual(65_536);
    expect(run.outcome === "failed" && run.failure.message.length).toBe(4096);
  });

  it("refuses to judge against a baseline measured on other prompts", () => {
    const other = { ...measurement(0, REF, { ttft: 1, tps: 1 }), promptSha256: "f".repeat(64) };
    expect(() => buildRun(ctx, measured([other]))).toThrow(/baseline has no measurement/);
  });
});

describe("utf8Tail", () => {
  it("keeps whole characters at the cut", () => {
    expect(utf8Tail("aé", 2)).toBe("é");
    expect(utf8Tail("aé", 1)).toBe("");
    expect(utf8Tail("abc", 10)).toBe("abc");
  });
});

describe("buildRun with full verification", () => {
  const withVerified = (prompts: PromptMeasurement[], verified: [number, OutputVerification][]) => ({
    ...measured(prompts),
    verified: new Map(verified),
  });
  const ok = (verifiedTokens: number): OutputVerification => ({ verifiedTokens, failure: null });

  it("divides the timed output's verified token count by its decode span, never the checked pass's count", () => {
    // The checked pass has 3 tokens; the timed output, 2 under the baseline's tokenizer, over 100 ms.
    const prompts = [0, 1].map((i) => measurement(i, REF, { ttft: 50, tps: 999 }));
    const run = buildRun(
      ctx,
      withVerified(prompts, [
        [0, ok(2)],
        [1, ok(2)],
      ]),
    );
    expect(run).toMatchObject({ outcome: "scored", verification: "full" });
    expect(run.prompts.map((p) => [p.throughputTps, p.verifiedTokens, p.verification])).toEqual([
      [20, 2, null],
      [20, 2, null],
    ]);
  });

  it("fails unverified_output with the position, the token and the baseline's top-5, and scores 0", () => {
    const prompts = [0, 1].map((i) => measurement(i, REF, { ttft: 50, tps: 100 }));
    const failure = { position: 1, token: " zz", baselineTop5: [{ token: " b", logprob: -0.5 }] };
    const run = buildRun(
      ctx,
      withVerified(prompts, [
        [0, ok(3)],
        [1, { verifiedTokens: 3, failure }],
      ]),
    );
    expect(run.outcome === "failed" && run.failure.reason).toBe("unverified_output");
    expect(run.outcome === "failed" && run.failure.message).toMatch(/prompt 1, token 1 .*" zz"/);
    expect(run.prompts[1]).toMatchObject({ passed: false, verification: failure, verifiedTokens: 3 });
    expect(run.prompts[0]).toMatchObject({ passed: true, verification: null });
    expect(run.summary).toMatchObject({ correctnessPassed: false, score: 0 });
  });

  it("reports correctness_failed first when the checked pass also fails the gate", () => {
    const failure = { position: 0, token: "a", baselineTop5: [] };
    const run = buildRun(
      ctx,
      withVerified(
        [measurement(0, REF, { ttft: 50, tps: 100 }), measurement(1, FAR, { ttft: 50, tps: 100 })],
        [
          [0, { verifiedTokens: 3, failure }],
          [1, ok(3)],
        ],
      ),
    );
    expect(run.outcome === "failed" && run.failure.reason).toBe("correctness_failed");
  });
});
