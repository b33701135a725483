import { describe, expect, it } from "vitest";
import { DEFAULT_PARAMS } from "@/lib/protocol/params";
import { runV1Schema } from "@/lib/protocol/run-schema";
import { checkRunClaims, checkRunSummary, figuresAgree } from "./run-checks";
import { buildRun } from "./test-support/run-fixture";

const HOTKEY = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
const run = (options: { failed?: boolean } = {}) =>
  buildRun({
    validatorHotkey: HOTKEY,
    submission: {
      hotkey: HOTKEY,
      image: "docker.io/a/b:v1",
      digest: `sha256:${"a".repeat(64)}`,
      commitBlock: 900,
    },
    seed: { block: 1000, blockHash: `0x${"0".repeat(64)}` },
    ...options,
  });

describe("checkRunSummary", () => {
  it("accepts a consistent run, scored or failed, and returns the recomputed summary", () => {
    for (const r of [run(), run({ failed: true })]) {
      expect(runV1Schema.safeParse(r).success).toBe(true);
      const { summary, issues } = checkRunSummary(r, DEFAULT_PARAMS);
      expect(issues).toEqual([]);
      expect(summary.score).toBeCloseTo(r.summary.score, 12);
    }
  });

  it("names each doctored field with its claimed and recomputed value", () => {
    const r = run();
    r.summary.score = 0.9;
    r.baseline.medianTtftMs = 1;
    const { issues } = checkRunSummary(r, DEFAULT_PARAMS);
    expect(issues.map((i) => i.path)).toEqual(["$.baseline.medianTtftMs", "$.summary.score"]);
    expect(issues[1]?.message).toMatch(/^claimed 0\.9, recomputed 0\.1/);
  });

  it("recomputes a failed run's terms whatever it claims, and keeps its score at 0", () => {
    const honest = run({ failed: true });
    const r = run({ failed: true });
    r.summary.ttftImprovement = 0;
    r.summary.throughputImprovement = 0;
    const { summary, issues } = checkRunSummary(r, DEFAULT_PARAMS);
    expect(issues).toEqual([]);
    expect(summary.ttftImprovement).toBeCloseTo(honest.summary.ttftImprovement, 12);
    expect(summary.ttftImprovement).toBeGreaterThan(0);
    expect(summary.score).toBe(0);
    r.summary.score = 0.01;
    expect(checkRunSummary(r, DEFAULT_PARAMS).issues.map((i) => i.path)).toEqual(["$.summary.score"]);
  });

  it("tolerates rounding to 1e-6 of the figure, not a padded score", () => {
    const r = run();
    // 356 ms: anything within 0.000356 ms passes.
    r.summary.medianTtftMs += 0.0003;
    r.summary.score = Math.round(r.summary.score * 1e6) / 1e6;
    expect(checkRunSummary(r, DEFAULT_PARAMS).issues).toEqual([]);
    r.summary.score += 1e-5;
    expect(checkRunSummary(r, DEFAULT_PARAMS).issues.map((i) => i.path)).toEqual(["$.summary.score"]);
  });
});

describe("checkRunClaims", () => {
  it("accepts a consistent run, scored or failed (a prompt failed by the speed pass included)", () => {
    for (const r of [run(), run({ failed: true })])
      expect(checkRunClaims(r, DEFAULT_PARAMS).refusal).toBeNull();
  });

  it("refuses the verdict before the score that follows from it", () => {
    const r = run({ failed: true });
    r.summary.correctnessPassed = true;
    r.summary.score = 0.5;
    expect(checkRunClaims(r, DEFAULT_PARAMS).refusal).toEqual({
      code: "inconsistent_verdict",
      issues: [{ path: "$.summary.correctnessPassed", message: "claimed true, but prompts 3 did not pass" }],
    });
    r.summary.correctnessPassed = false;
    expect(checkRunClaims(r, DEFAULT_PARAMS).refusal?.code).toBe("inconsistent_score");
  });

  it("refuses a passed prompt whose divergence has no logprobs", () => {
    const r = run();
    const d = r.prompts[0]?.divergence;
    if (!d) throw new Error("the fixture's prompt 0 diverges");
    // What a runner records where the server sent no logprobs.
    Object.assign(d, { minerTokenLogprob: null, baselineTokenLogprob: null, minerTop5: [] });
    expect(checkRunClaims(r, DEFAULT_PARAMS).refusal?.issues).toEqual([
      {
        path: "$.prompts[0].passed",
        message: "claimed true, but the gate fails its divergence (missing_logprobs)",
      },
    ]);
  });

  it("accepts a correctness_failed run in which another prompt failed only its speed pass", () => {
    const r = run({ failed: true });
    if (r.outcome !== "failed") throw new Error("a failed fixture");
    r.failure.reason = "correctness_failed";
    const first = r.prompts[0];
    if (!first?.divergence) throw new Error("the fixture's prompt 0 diverges");
    first.passed = false;
    first.divergence.minerTop5 = [
      { token: " a", logprob: -0.6 },
      { token: " the", logprob: -1.4 },
    ];
    first.divergence.baselineTokenLogprob = -1.4;
    expect(checkRunClaims(r, DEFAULT_PARAMS).refusal).toBeNull();
    r.failure.reason = "prompt_timeout";
    expect(checkRunClaims(r, DEFAULT_PARAMS).refusal?.issues.map((i) => i.path)).toEqual([
      "$.prompts[3].passed",
    ]);
  });

  it("holds a failed run to distinct indexes but not to the baseline's or to scoredPrompts", () => {
    const r = run({ failed: true });
    r.prompts = r.prompts.slice(2, 5);
    r.summary = checkRunSummary(r, DEFAULT_PARAMS).summary;
    r.summary = { ...r.summary, correctnessPassed: false };
    expect(checkRunClaims(r, DEFAULT_PARAMS).refusal).toBeNull();
    const second = r.prompts[1];
    if (second) second.index = 2;
    expect(checkRunClaims(r, DEFAULT_PARAMS).refusal?.issues.map((i) => i.path)).toEqual([
      "$.prompts[1].index",
    ]);
  });
});

describe("figuresAgree", () => {
  it("is absolute below 1, relative above, and never agrees on a non-finite figure", () => {
    expect(figuresAgree(0.2390005, 0.239, 1e-6)).toBe(true);
    expect(figuresAgree(0.239002, 0.239, 1e-6)).toBe(false);
    expect(figuresAgree(523.4572, 523.457, 1e-6)).toBe(true);
    expect(figuresAgree(523.458, 523.457, 1e-6)).toBe(false);
    expect(figuresAgree(Number.NaN, 0, 1e-6)).toBe(false);
  });
});
