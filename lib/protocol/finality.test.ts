import { describe, expect, it } from "vitest";

import {
  CountedRuns,
  isAfterVerdict,
  runCounts,
  stakesInForce,
  submissionFinality,
  type FinalityRun,
  type PermitSnapshot,
} from "./finality";
import { DEFAULT_PARAMS } from "./params";

const params = { ...DEFAULT_PARAMS, activeWindowBlocks: 1_000, quorumTimeoutBlocks: 100 };
const paramsAt = () => params;

const SUBMISSION = 1;
const OTHER = 2;

let counter = 0;
const run = (
  over: Partial<FinalityRun> & Pick<FinalityRun, "validatorHotkey" | "anchorBlock">,
): FinalityRun => ({
  runId: `run-${String(++counter).padStart(4, "0")}`,
  submissionId: SUBMISSION,
  outcome: "scored",
  score: 0.2,
  receivedAt: "2026-05-01T00:00:00Z",
  ...over,
});
const snap = (block: number, stakes: Record<string, bigint>): PermitSnapshot => ({
  block,
  stakes: new Map(Object.entries(stakes)),
});
const finality = (runs: FinalityRun[], snapshots: PermitSnapshot[], ingested: number, id = SUBMISSION) =>
  submissionFinality(id, new CountedRuns(runs, stakesInForce(snapshots)), ingested, paramsAt);

describe("stakesInForce", () => {
  it("answers the last snapshot at or before the block, and nothing before the first", () => {
    const at = stakesInForce([snap(200, { b: 2n }), snap(100, { a: 1n })]);
    expect(at(99).size).toBe(0);
    expect([...at(100).keys()]).toEqual(["a"]);
    expect([...at(199).keys()]).toEqual(["a"]);
    expect([...at(200).keys()]).toEqual(["b"]);
  });
});

describe("runCounts", () => {
  const at = stakesInForce([snap(100, { a: 5n, zero: 0n }), snap(200, {})]);
  it("counts a run whose validator held a permit and stake > 0 in the snapshot at its anchor", () => {
    expect(runCounts(run({ validatorHotkey: "a", anchorBlock: 150 }), at)).toBe(true);
  });
  it("does not count a zero-stake validator, an unpermitted one, or one anchored after it lost its permit", () => {
    expect(runCounts(run({ validatorHotkey: "zero", anchorBlock: 150 }), at)).toBe(false);
    expect(runCounts(run({ validatorHotkey: "b", anchorBlock: 150 }), at)).toBe(false);
    expect(runCounts(run({ validatorHotkey: "a", anchorBlock: 200 }), at)).toBe(false);
  });
  it("never counts a runner_error or a failure without a reason", () => {
    const failed = { validatorHotkey: "a", anchorBlock: 150, outcome: "failed" as const };
    expect(runCounts(run({ ...failed, failureReason: "runner_error" }), at)).toBe(false);
    expect(runCounts(run(failed), at)).toBe(false);
    expect(runCounts(run({ ...failed, failureReason: "oom" }), at)).toBe(true);
  });
});

describe("submissionFinality", () => {
  const snapshots = [snap(0, { a: 600n, b: 300n, c: 100n })];
  // Every validator is active: each has a counted run for another submission in the window.
  const warm = ["a", "b", "c"].map((v) => run({ validatorHotkey: v, anchorBlock: 10, submissionId: OTHER }));

  it("is final by quorum at the anchor of the run that brings the stake to half of the active stake", () => {
    const first = run({ validatorHotkey: "b", anchorBlock: 20 });
    const second = run({ validatorHotkey: "c", anchorBlock: 30 });
    const third = run({ validatorHotkey: "a", anchorBlock: 40 });
    const f = finality([...warm, first, second, third], snapshots, 50);
    // b (300) + c (100) = 400 < 500 of 1000; a brings 1000.
    expect(f).toMatchObject({
      status: "final",
      block: 40,
      how: "quorum",
      quorumStake: 1000n,
      activeStake: 1000n,
    });
    expect(f.status === "final" && f.countedRunIds).toEqual([first.runId, second.runId, third.runId]);
  });

  it("reaches quorum at exactly the quorum share", () => {
    const f = finality(
      [...warm, run({ validatorHotkey: "a", anchorBlock: 20, score: 0.3 })],
      [snap(0, { a: 500n, b: 500n })],
      30,
    );
    expect(f).toMatchObject({ status: "final", block: 20, how: "quorum" });
    const below = finality(
      [...warm, run({ validatorHotkey: "a", anchorBlock: 20 })],
      [snap(0, { a: 499n, b: 501n })],
      30,
    );
    expect(below.status).toBe("pending");
  });

  it("counts only validators active in the window: an idle permit holder holds nothing back", () => {
    const idle = [snap(0, { a: 100n, idle: 10_000n })];
    const f = finality([run({ validatorHotkey: "a", anchorBlock: 20 })], idle, 30);
    expect(f).toMatchObject({ status: "final", block: 20, quorumStake: 100n, activeStake: 100n });
    // A run older than the window no longer makes its validator active.
    const old = run({ validatorHotkey: "idle", anchorBlock: 10, submissionId: OTHER });
    expect(finality([old, run({ validatorHotkey: "a", anchorBlock: 1_011 })], idle, 1_020)).toMatchObject({
      status: "final",
      activeStake: 100n,
    });
    expect(finality([old, run({ validatorHotkey: "a", anchorBlock: 1_010 })], idle, 1_020)).toMatchObject({
      status: "pending",
      activeStake: 10_100n,
    });
  });

  it("is final by timeout quorumTimeoutBlocks after the first counted run, once ingest reaches it", () => {
    const runs = [...warm, run({ validatorHotkey: "c", anchorBlock: 20, score: 0.4 })];
    expect(finality(runs, snapshots, 119)).toMatchObject({
      status: "pending",
      firstCountedBlock: 20,
      timeoutBlock: 120,
    });
    const f = finality(runs, snapshots, 120);
    expect(f).toMatchObject({
      status: "final",
      block: 120,
      how: "timeout",
      quorumStake: 100n,
      activeStake: 1000n,
    });
    expect(f.status === "final" && f.verdict).toMatchObject({ status: "scored", score: 0.4 });
  });

  it("ignores runs anchored after the ingested block and never counts a zero-stake validator alone", () => {
    expect(finality([...warm, run({ validatorHotkey: "a", anchorBlock: 60 })], snapshots, 50).status).toBe(
      "pending",
    );
    const zero = [snap(0, { z: 0n })];
    expect(finality([run({ validatorHotkey: "z", anchorBlock: 20 })], zero, 10_000)).toMatchObject({
      status: "pending",
      firstCountedBlock: null,
    });
  });

  it("computes the verdict from the counted runs at finality and marks later runs as after the verdict", () => {
    const decisive = run({ validatorHotkey: "a", anchorBlock: 20, score: 0.3 });
    const late = run({ validatorHotkey: "b", anchorBlock: 25, outcome: "failed", failureReason: "oom" });
    const sameBlockLater = run({ validatorHotkey: "c", anchorBlock: 20, receivedAt: "2026-05-02T00:00:00Z" });
    const f = finality([...warm, decisive, late, sameBlockLater], snapshots, 30);
    expect(f).toMatchObject({ status: "final", block: 20 });
    expect(f.status === "final" && f.verdict).toMatchObject({ status: "scored", score: 0.3 });
    expect(isAfterVerdict(late, f)).toBe(true);
    expect(isAfterVerdict(sameBlockLater, f)).toBe(true);
    expect(isAfterVerdict(decisive, f)).toBe(false);
  });

  it("weighs each run with its validator's stake at its own anchor block", () => {
    const changing = [snap(0, { a: 100n, b: 300n }), snap(25, { a: 1_000n, b: 300n })];
    const runs = [
      run({ validatorHotkey: "b", anchorBlock: 10, submissionId: OTHER }),
      run({ validatorHotkey: "a", anchorBlock: 20, score: 0.1 }),
      run({ validatorHotkey: "b", anchorBlock: 30, score: 0.5 }),
    ];
    const f = finality(runs, changing, 40);
    // At 30 both are active (1000 + 300) and both ran: final. a weighs 100 (its anchor 20), b 300.
    expect(f).toMatchObject({ status: "final", block: 30 });
    expect(f.status === "final" && f.verdict).toMatchObject({ status: "scored", score: 0.5 });
  });
});
