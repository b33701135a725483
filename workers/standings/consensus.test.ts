import { describe, expect, it } from "vitest";
import type { ConsensusRunRow } from "@/db/queries/standings";
import { toFinalityRun, validatorAgreement, verdictFigures } from "./consensus";

const run = (over: Partial<ConsensusRunRow>): ConsensusRunRow => ({
  runId: "r",
  submissionId: 1,
  validatorHotkey: "v1",
  outcome: "scored",
  failureReason: null,
  score: 0.2,
  finishedAt: new Date("2026-01-01T00:00:00Z"),
  receivedAt: new Date("2026-01-01T00:01:00Z"),
  anchorBlock: 100,
  counted: null,
  afterVerdict: false,
  medianTtftMs: 100,
  medianThroughputTps: 50,
  tokenMatchRate: 1,
  ttftImprovement: 0.2,
  throughputImprovement: 0.2,
  ...over,
});

describe("verdictFigures", () => {
  it("takes stake-weighted medians of the counted runs' figures the same way as the score", () => {
    const figures = verdictFigures(
      { status: "scored", score: 0.2 },
      [
        { row: run({ runId: "a", medianTtftMs: 160, ttftImprovement: 0.3 }), stake: 300n },
        {
          row: run({ runId: "b", validatorHotkey: "v2", medianTtftMs: 180, ttftImprovement: 0.05 }),
          stake: 100n,
        },
      ],
      0.02,
    );
    // [0.05 (100), 0.3 (300)]: the cumulative stake passes half of 400 at the value weighted 300.
    expect(figures).toMatchObject({ ttftMs: 160, ttftImprovement: 0.3 });
  });

  it("keeps only the token match rate of a failed verdict", () => {
    const figures = verdictFigures(
      { status: "failed", reason: "oom", score: 0 },
      [{ row: run({ outcome: "failed", failureReason: "oom", tokenMatchRate: 0.4 }), stake: 1n }],
      0.02,
    );
    expect(figures).toEqual({
      ttftImprovement: null,
      throughputImprovement: null,
      tokenMatchRate: 0.4,
      ttftMs: null,
      throughputTps: null,
    });
  });
});

describe("validatorAgreement", () => {
  it("measures each validator's latest run, after the verdict included, against the frozen verdict", () => {
    const agreement = validatorAgreement(
      { status: "scored", score: 0.2 },
      [
        run({ runId: "a1", score: 0.2, anchorBlock: 100 }),
        run({ runId: "a2", score: 0.5, anchorBlock: 200 }),
        run({ runId: "b1", validatorHotkey: "v2", score: 0.21 }),
      ],
      0.02,
    );
    expect(agreement).toEqual([
      { validatorHotkey: "v1", runId: "a2", agrees: false },
      { validatorHotkey: "v2", runId: "b1", agrees: true },
    ]);
  });
});

describe("toFinalityRun", () => {
  it("treats an unknown failure reason as the validator's own error, which never counts", () => {
    expect(toFinalityRun(run({ outcome: "failed", failureReason: "gremlins" }))).not.toHaveProperty(
      "failureReason",
    );
  });
});
