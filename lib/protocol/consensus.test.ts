import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { computeConsensus, weightedMedian, type ConsensusRun } from "./consensus";
import { median } from "./scoring";

let counter = 0;
const run = (over: Partial<ConsensusRun> & Pick<ConsensusRun, "validatorHotkey">): ConsensusRun => ({
  runId: `run-${String(++counter).padStart(4, "0")}`,
  stake: 100n,
  outcome: "scored",
  score: 0.2,
  anchorBlock: 100,
  receivedAt: "2026-05-01T00:00:00Z",
  ...over,
});
const TOL = 0.02;

describe("weightedMedian", () => {
  it("takes the first value past half the weight", () => {
    expect(
      weightedMedian([
        { value: 1, weight: 1n },
        { value: 2, weight: 5n },
        { value: 3, weight: 1n },
      ]),
    ).toBe(2);
  });

  it("averages the two neighbours when the cumulative weight lands exactly on half", () => {
    expect(
      weightedMedian([
        { value: 1, weight: 3n },
        { value: 5, weight: 3n },
      ]),
    ).toBe(3);
  });

  it("equals the ordinary median with equal weights", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, min: 0, max: 10 }), { minLength: 1, maxLength: 20 }),
        (xs) => {
          expect(weightedMedian(xs.map((value) => ({ value, weight: 7n })))).toBe(median(xs));
        },
      ),
    );
  });

  it("ignores zero weights and gives NaN with no weight at all", () => {
    expect(
      weightedMedian([
        { value: 9, weight: 0n },
        { value: 1, weight: 1n },
      ]),
    ).toBe(1);
    expect(weightedMedian([{ value: 9, weight: 0n }])).toBeNaN();
  });
});

describe("computeConsensus", () => {
  it("is pending without runs", () => {
    expect(computeConsensus([], TOL)).toMatchObject({ status: "pending", countedRunIds: [], agreement: [] });
  });

  it("takes the stake-weighted median of the latest run of each validator", () => {
    const result = computeConsensus(
      [
        run({ validatorHotkey: "A", stake: 600n, score: 0.3 }),
        run({ validatorHotkey: "B", stake: 300n, score: 0.1 }),
        run({ validatorHotkey: "C", stake: 100n, score: 0.9 }),
      ],
      TOL,
    );
    expect(result).toMatchObject({ status: "scored", score: 0.3 });
  });

  it("counts only the latest run per validator", () => {
    const result = computeConsensus(
      [
        run({ validatorHotkey: "A", score: 0.5, receivedAt: "2026-05-02T00:00:00Z" }),
        run({ validatorHotkey: "A", score: 0.1, receivedAt: "2026-05-01T00:00:00Z" }),
      ],
      TOL,
    );
    expect(result).toMatchObject({ status: "scored", score: 0.5 });
    expect(result.countedRunIds).toHaveLength(1);
  });

  it("never counts a runner_error against the miner: the validator's previous run stands", () => {
    const result = computeConsensus(
      [
        run({ validatorHotkey: "A", score: 0.4, receivedAt: "2026-05-01T00:00:00Z" }),
        run({
          validatorHotkey: "A",
          outcome: "failed",
          failureReason: "runner_error",
          receivedAt: "2026-05-03T00:00:00Z",
        }),
        run({ validatorHotkey: "B", outcome: "failed", failureReason: "runner_error", stake: 10_000n }),
      ],
      TOL,
    );
    expect(result).toMatchObject({ status: "scored", score: 0.4 });
    expect(result.agreement).toEqual([
      { validatorHotkey: "A", runId: expect.any(String), agrees: true },
      { validatorHotkey: "B", runId: null, agrees: null },
    ]);
  });

  it("fails when failed runs hold a strict stake majority, with the majority's reason", () => {
    const result = computeConsensus(
      [
        run({ validatorHotkey: "A", stake: 500n, outcome: "failed", failureReason: "correctness_failed" }),
        run({ validatorHotkey: "B", stake: 200n, outcome: "failed", failureReason: "oom" }),
        run({ validatorHotkey: "C", stake: 400n, score: 0.5 }),
      ],
      TOL,
    );
    expect(result).toMatchObject({ status: "failed", reason: "correctness_failed", score: 0 });
  });

  it("is scored when failed runs hold exactly half the stake, with failed runs at 0 in the median", () => {
    const result = computeConsensus(
      [
        run({ validatorHotkey: "A", stake: 100n, outcome: "failed", failureReason: "oom" }),
        run({ validatorHotkey: "B", stake: 100n, score: 0.5 }),
      ],
      TOL,
    );
    expect(result).toMatchObject({ status: "scored", score: 0.25 });
  });

  it("breaks a stake tie between failure reasons by the earliest pipeline stage", () => {
    const result = computeConsensus(
      [
        run({ validatorHotkey: "A", outcome: "failed", failureReason: "prompt_timeout" }),
        run({ validatorHotkey: "B", outcome: "failed", failureReason: "pull_failed" }),
      ],
      TOL,
    );
    expect(result).toMatchObject({ status: "failed", reason: "pull_failed" });
  });

  it("stays pending when only zero-stake validators ran: they never decide", () => {
    const result = computeConsensus(
      [
        run({ validatorHotkey: "A", stake: 0n, score: 0.1 }),
        run({ validatorHotkey: "B", stake: 0n, score: 0.2 }),
      ],
      TOL,
    );
    expect(result.status).toBe("pending");
    const withStake = computeConsensus(
      [run({ validatorHotkey: "A", stake: 0n, score: 0.1 }), run({ validatorHotkey: "C", score: 0.9 })],
      TOL,
    );
    expect(withStake).toMatchObject({ status: "scored", score: 0.9 });
  });

  it("takes a validator's latest run by anchor block, not by its own finish time", () => {
    const result = computeConsensus(
      [
        run({ validatorHotkey: "A", score: 0.5, anchorBlock: 90, receivedAt: "2026-05-09T00:00:00Z" }),
        run({ validatorHotkey: "A", score: 0.1, anchorBlock: 91, receivedAt: "2026-05-01T00:00:00Z" }),
      ],
      TOL,
    );
    expect(result).toMatchObject({ status: "scored", score: 0.1 });
  });

  it("reports per validator whether its run agreed with the consensus", () => {
    const result = computeConsensus(
      [
        run({ validatorHotkey: "A", stake: 500n, score: 0.3 }),
        run({ validatorHotkey: "B", stake: 400n, score: 0.31 }),
        run({ validatorHotkey: "C", stake: 50n, score: 0.6 }),
        run({ validatorHotkey: "D", stake: 50n, outcome: "failed", failureReason: "oom" }),
      ],
      TOL,
    );
    expect(result.agreement.map((a) => [a.validatorHotkey, a.agrees])).toEqual([
      ["A", true],
      ["B", true],
      ["C", false],
      ["D", false],
    ]);
  });

  it("gives the same result whatever the order of the runs", () => {
    const runs = [
      run({ validatorHotkey: "A", stake: 5n, score: 0.1 }),
      run({ validatorHotkey: "B", stake: 3n, score: 0.3 }),
      run({ validatorHotkey: "C", stake: 2n, outcome: "failed", failureReason: "oom" }),
      run({ validatorHotkey: "A", stake: 5n, score: 0.2, receivedAt: "2026-05-01T00:00:00Z" }),
    ];
    const expected = computeConsensus(runs, TOL);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(runs, { minLength: runs.length, maxLength: runs.length }),
        (shuffled) => {
          expect(computeConsensus(shuffled, TOL)).toEqual(expected);
        },
      ),
    );
  });
});
