import { describe, expect, it } from "vitest";

import type { KingResponse } from "@/lib/schemas/king";
import type { SubmissionSummary } from "@/lib/schemas/submissions";

import { describeChanges, type Reading } from "./narrator";

const king = { king: null, margin: null } as unknown as KingResponse;
const submission = (finalBlock: number | null, failureReason: string | null) =>
  ({
    id: 9,
    hotkey: "5Cheat",
    uid: 12,
    image: "demo.local/miner9/burst:claimed-tie-burst_t0_r200",
    status: failureReason === null ? "evaluating" : "failed",
    failureReason,
    finalBlock,
    score: 0,
    standing: null,
    duplicateOfId: null,
  }) as unknown as SubmissionSummary;
const reading = (s: SubmissionSummary): Reading => ({ king, submissions: [s] });

describe("the demo's narrator", () => {
  it("explains an unverified_output verdict in plain words", () => {
    const lines = describeChanges(
      reading(submission(null, null)),
      reading(submission(500, "unverified_output")),
      () => "Miner9",
    );
    expect(lines[0]).toBe("  Miner9 (uid 12) failed: unverified_output");
    expect(lines[1]).toContain("not what the baseline model writes");
  });

  it("adds nothing to a verdict whose code speaks for itself", () => {
    const lines = describeChanges(
      reading(submission(null, null)),
      reading(submission(500, "health_timeout")),
      () => "Miner6",
    );
    expect(lines).toEqual(["  Miner6 (uid 12) failed: health_timeout"]);
  });
});
