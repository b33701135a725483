import { describe, expect, it } from "vitest";
import { DEFAULT_PARAMS } from "@/lib/protocol/params";
import { runV1Schema } from "@/lib/protocol/run-schema";
import { checkRunSummary, figuresAgree } from "./run-checks";
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

  it("refuses correctnessPassed: true over a failing prompt", () => {
    const r = run({ failed: true });
    r.summary.correctnessPassed = true;
    expect(checkRunSummary(r, DEFAULT_PARAMS).issues).toEqual([
      { path: "$.summary.correctnessPassed", message: "claimed true, but prompts 3 did not pass" },
    ]);
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

describe("figuresAgree", () => {
  it("is absolute below 1, relative above, and never agrees on a non-finite figure", () => {
    expect(figuresAgree(0.2390005, 0.239, 1e-6)).toBe(true);
    expect(figuresAgree(0.239002, 0.239, 1e-6)).toBe(false);
    expect(figuresAgree(523.4572, 523.457, 1e-6)).toBe(true);
    expect(figuresAgree(523.458, 523.457, 1e-6)).toBe(false);
    expect(figuresAgree(Number.NaN, 0, 1e-6)).toBe(false);
  });
});
