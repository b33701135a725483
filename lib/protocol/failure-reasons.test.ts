import { describe, expect, it } from "vitest";

import { COMMITMENT_REJECTIONS } from "./commitment";
import { describeFailure, EXPLORER_REASONS, FAILURE_REASONS, RUN_FAILURE_REASONS } from "./failure-reasons";

describe("FAILURE_REASONS", () => {
  it("covers every api.md reason, the explorer's own verdicts and every commitment rejection", () => {
    const expected = [...RUN_FAILURE_REASONS, ...EXPLORER_REASONS, ...COMMITMENT_REJECTIONS].sort();
    expect(Object.keys(FAILURE_REASONS).sort()).toEqual(expected);
    expect(RUN_FAILURE_REASONS).toEqual([
      "image_too_large",
      "pull_failed",
      "container_crashed",
      "oom",
      "health_timeout",
      "prompt_timeout",
      "api_noncompliant",
      "correctness_failed",
      "unverified_output",
      "speed_pass_mismatch",
      "runner_error",
    ]);
    expect(EXPLORER_REASONS).toEqual(expect.arrayContaining(["duplicate", "ignored"]));
  });

  it("never counts runner_error against the miner, and counts every other reason", () => {
    for (const [code, info] of Object.entries(FAILURE_REASONS)) {
      expect(info.countsAgainstMiner).toBe(code !== "runner_error");
    }
  });

  it("gives every reason a title, an explanation and something to check", () => {
    for (const info of Object.values(FAILURE_REASONS)) {
      expect(info.title.length).toBeGreaterThan(0);
      expect(info.explanation.length).toBeGreaterThan(10);
      expect(info.whatToCheck.length).toBeGreaterThan(10);
    }
  });
});

describe("describeFailure", () => {
  it("finds a known code and gives null for an unknown one", () => {
    expect(describeFailure("oom")?.title).toBe("Out of memory");
    expect(describeFailure("toString")).toBeNull();
    expect(describeFailure("nope")).toBeNull();
  });
});
