import { describe, expect, it } from "vitest";
import type { ConsensusRunRow } from "@/db/queries/standings";
import { submissionConsensus } from "./consensus";

const run = (over: Partial<ConsensusRunRow>): ConsensusRunRow => ({
  runId: "r",
  submissionId: 1,
  validatorHotkey: "v1",
  outcome: "scored",
  failureReason: null,
  score: 0.2,
  finishedAt: new Date("2026-01-01T00:00:00Z"),
  medianTtftMs: 100,
  medianThroughputTps: 50,
  tokenMatchRate: 1,
  ttftImprovement: 0.2,
  throughputImprovement: 0.2,
  ...over,
});
const stakes = new Map([
  ["v1", 300n],
  ["v2", 100n],
]);

describe("submissionConsensus", () => {
  it("is pending without runs of permitted validators (a validator without a permit does not count)", () => {
    const result = submissionConsensus([run({ validatorHotkey: "outsider" })], stakes, 0.02);
    expect(result).toMatchObject({ status: "pending", score: null, validatorsTotal: 0 });
  });

  it("takes stake-weighted medians of the figures the same way as the score", () => {
    const result = submissionConsensus(
      [
        run({ runId: "a", score: 0.2, medianTtftMs: 160, ttftImprovement: 0.3 }),
        run({ runId: "b", validatorHotkey: "v2", score: 0.1, medianTtftMs: 180, ttftImprovement: 0.05 }),
      ],
      stakes,
      0.02,
    );
    // [0.1 (100), 0.2 (300)]: the cumulative stake passes half of 400 at the value weighted 300.
    expect(result).toMatchObject({ status: "scored", score: 0.2, ttftMs: 160, ttftImprovement: 0.3 });
    expect(result).toMatchObject({ validatorsAgreeing: 1, validatorsTotal: 2 });
  });

  it("fails with the majority's reason, counting failed runs as 0 and keeping the token match rate", () => {
    const result = submissionConsensus(
      [
        run({ runId: "a", outcome: "failed", failureReason: "oom", score: 0, tokenMatchRate: 0.4 }),
        run({ runId: "b", validatorHotkey: "v2", score: 0.5 }),
      ],
      stakes,
      0.02,
    );
    expect(result).toMatchObject({ status: "failed", score: 0, failureReason: "oom", tokenMatchRate: 0.4 });
    expect(result.ttftMs).toBeNull();
  });

  it("treats an unknown failure reason as the validator's own error, which does not count", () => {
    const result = submissionConsensus([run({ outcome: "failed", failureReason: "gremlins" })], stakes, 0.02);
    expect(result.status).toBe("pending");
  });
});
