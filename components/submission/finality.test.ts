import { describe, expect, it } from "vitest";
import type { FinalityView } from "@/lib/schemas/submission-detail";
import { finalitySentences, stakeShare } from "./finality";

const TAO = "000000000";
const final: Extract<FinalityView, { status: "final" }> = {
  status: "final",
  how: "quorum",
  block: 1_200,
  quorum: 0.5,
  quorumStakeRao: `300${TAO}`,
  activeStakeRao: `400${TAO}`,
  countedRuns: [{ runId: "r1", validatorHotkey: "v1", stakeRao: `300${TAO}` }],
  verdict: { status: "scored", score: 0.2 },
  after: { anchorBlock: 1_200, receivedAt: "2026-01-01T04:00:00.000Z", runId: "r1" },
  judgedBlock: 1_200,
  waitedForId: null,
  waitUntilBlock: null,
};

describe("stakeShare", () => {
  it("gives the share to a tenth of a percent, truncated, and a dash without active stake", () => {
    expect(stakeShare("1", "3")).toBe("33.3 %");
    expect(stakeShare("2", "3")).toBe("66.6 %");
    expect(stakeShare("0", "0")).toBe("—");
  });
});

describe("finalitySentences", () => {
  it("says how and when a verdict became final, and when it was judged", () => {
    expect(finalitySentences(final)).toEqual([
      "Final at block 1,200 by quorum: validators holding 300 of 400 stake weight (75.0 %) of the active stake had a counted run (quorum 50 %).",
      "Judged at block 1,200.",
    ]);
    expect(finalitySentences({ ...final, how: "timeout", judgedBlock: 1_900, waitedForId: 7 })).toEqual([
      "Final at block 1,200 by timeout, without quorum: validators holding 300 of 400 stake weight (75.0 %) of the active stake had a counted run.",
      "Judged at block 1,900, after earlier submission #7.",
    ]);
  });

  it("says what a final submission waits for, and what a pending one needs", () => {
    expect(finalitySentences({ ...final, judgedBlock: null, waitedForId: 3, waitUntilBlock: 3_000 })[1]).toBe(
      "Judging waits for earlier submission #3 until block 3,000 at the latest.",
    );
    expect(
      finalitySentences({
        status: "pending",
        quorum: 0.5,
        quorumStakeRao: `100${TAO}`,
        activeStakeRao: `400${TAO}`,
        firstCountedBlock: 1_000,
        timeoutBlock: 8_200,
      }),
    ).toEqual([
      "Not final: validators holding 100 of 400 stake weight (25.0 %) of the active validators' stake have a counted run; the quorum is 50 %.",
      "Final by timeout at block 8,200 at the latest, with the counted runs it has by then.",
    ]);
  });
});
