import { compareRunOrder, computeConsensus, type ConsensusResult, type ConsensusRun } from "./consensus";
import type { ProtocolParams } from "./params";

// Which runs count and when a verdict is final (protocol.md "Several validators, and when a verdict is
// final"). Pure: the same stored runs and snapshots give the same answer on every rebuild.

/** A metagraph snapshot reduced to what finality needs: the stake weight of each permitted validator. */
export interface PermitSnapshot {
  readonly block: number;
  /** Hotkey → stake weight (RAO) of every validator holding a permit in this snapshot. */
  readonly stakes: ReadonlyMap<string, bigint>;
}

/** A run as finality sees it: a consensus run whose stake is looked up at its anchor block. */
export type FinalityRun = Omit<ConsensusRun, "stake"> & { readonly submissionId: number };

export type FinalityParams = Pick<ProtocolParams, "quorum" | "activeWindowBlocks" | "quorumTimeoutBlocks">;

const NO_STAKES: ReadonlyMap<string, bigint> = new Map();

/** The permitted stakes in force at `block`: the last snapshot at or before it (none before the first). */
export function stakesInForce(
  snapshots: readonly PermitSnapshot[],
): (block: number) => ReadonlyMap<string, bigint> {
  const sorted = [...snapshots].sort((a, b) => a.block - b.block);
  return (block) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sorted[mid] as PermitSnapshot).block <= block) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? NO_STAKES : (sorted[lo - 1] as PermitSnapshot).stakes;
  };
}

/** The stake a run weighs with: its validator's at the run's anchor block, 0 without a permit there. */
export function stakeAtAnchor(
  run: Pick<FinalityRun, "validatorHotkey" | "anchorBlock">,
  stakesAt: (block: number) => ReadonlyMap<string, bigint>,
): bigint {
  const stake = stakesAt(run.anchorBlock).get(run.validatorHotkey) ?? 0n;
  return stake > 0n ? stake : 0n;
}

/**
 * A run counts if, in the snapshot in force at its anchor block, its validator held a permit and a stake
 * weight above 0. A runner_error (or a failure without a known reason) never counts: the validator's fault.
 */
export function runCounts(
  run: FinalityRun,
  stakesAt: (block: number) => ReadonlyMap<string, bigint>,
): boolean {
  if (run.outcome === "failed" && (run.failureReason ?? "runner_error") === "runner_error") return false;
  return stakeAtAnchor(run, stakesAt) > 0n;
}

// Quorum fractions are compared in bigint, to a millionth, so stakes of any size compare exactly.
const QUORUM_SCALE = 1_000_000n;
const reachesQuorum = (have: bigint, active: bigint, quorum: number): boolean =>
  active > 0n && have * QUORUM_SCALE >= BigInt(Math.round(quorum * 1e6)) * active;

/**
 * The counted runs of a subnet in the explorer's order, with an index answering "which validators were
 * active at block b, counting runs up to position i". Built once per pass and shared by every submission.
 */
export class CountedRuns {
  readonly runs: readonly FinalityRun[];
  private readonly positionsByValidator = new Map<string, number[]>();
  private readonly position = new Map<string, number>();

  constructor(
    runs: readonly FinalityRun[],
    readonly stakesAt: (block: number) => ReadonlyMap<string, bigint>,
  ) {
    this.runs = runs.filter((r) => runCounts(r, stakesAt)).sort(compareRunOrder);
    this.runs.forEach((r, i) => {
      this.position.set(r.runId, i);
      const list = this.positionsByValidator.get(r.validatorHotkey);
      if (list) list.push(i);
      else this.positionsByValidator.set(r.validatorHotkey, [i]);
    });
  }

  positionOf(runId: string): number | undefined {
    return this.position.get(runId);
  }

  /**
   * Stake of the validators active at `block` (permitted with stake > 0 there, and with a counted run for
   * any submission anchored in [block − window, block] among the first `upTo + 1` counted runs).
   */
  activeAt(block: number, upTo: number, windowBlocks: number): Map<string, bigint> {
    const active = new Map<string, bigint>();
    for (const [hotkey, stake] of this.stakesAt(block)) {
      if (stake <= 0n) continue;
      const last = this.lastPositionAtOrBefore(hotkey, upTo);
      if (last === null) continue;
      if ((this.runs[last] as FinalityRun).anchorBlock >= block - windowBlocks) active.set(hotkey, stake);
    }
    return active;
  }

  private lastPositionAtOrBefore(hotkey: string, upTo: number): number | null {
    const list = this.positionsByValidator.get(hotkey);
    if (!list) return null;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] as number) <= upTo) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? null : (list[lo - 1] as number);
  }
}

export interface QuorumProgress {
  /** Stake of the active validators with a counted run for this submission. */
  readonly quorumStake: bigint;
  /** Stake of all active validators. */
  readonly activeStake: bigint;
}

export type Finality =
  | (QuorumProgress & {
      readonly status: "final";
      readonly block: number;
      readonly how: "quorum" | "timeout";
      /** The counted runs the verdict was computed from, in the explorer's order. */
      readonly countedRunIds: readonly string[];
      /** The stake each counted run weighed with (its validator's at its anchor block). */
      readonly countedStakes: ReadonlyMap<string, bigint>;
      /** The validator of each counted run. */
      readonly countedValidators: ReadonlyMap<string, string>;
      readonly verdict: ConsensusResult;
      /** Runs ordered after this key came after the verdict (the finalizing run, or the timeout block). */
      readonly after: { readonly anchorBlock: number; readonly receivedAt: string; readonly runId: string };
    })
  | (QuorumProgress & {
      readonly status: "pending";
      /** Anchor of the first counted run; null without any. */
      readonly firstCountedBlock: number | null;
      /** The block at which the verdict becomes final by timeout; null without a counted run. */
      readonly timeoutBlock: number | null;
    });

/** A key after every run of `block` (runIds and ISO times sort below it). */
const endOfBlock = (block: number) => ({
  anchorBlock: block,
  receivedAt: "9999-12-31T23:59:59.999Z",
  runId: "~",
});

function verdictOf(runs: readonly FinalityRun[], counted: CountedRuns, tolerance: number) {
  const stakes = new Map(runs.map((r) => [r.runId, stakeAtAnchor(r, counted.stakesAt)]));
  const verdict = computeConsensus(
    runs.map((r) => ({ ...r, stake: stakes.get(r.runId) ?? 0n })),
    tolerance,
  );
  return { verdict, stakes, validators: new Map(runs.map((r) => [r.runId, r.validatorHotkey])) };
}

/**
 * When a submission's verdict is final, from its counted runs (the ones in `counted` whose submissionId is
 * `submissionId`) with anchors up to `ingestedBlock`: at the anchor block of the first counted run that brings
 * the stake of active validators with a counted run for it to `quorum` of all active stake there; otherwise
 * `quorumTimeoutBlocks` after its first counted run, once ingest has reached that block. The stakes compared
 * are those of the snapshot in force at the block of the check.
 */
export function submissionFinality(
  submissionId: number,
  counted: CountedRuns,
  ingestedBlock: number,
  paramsAt: (block: number) => FinalityParams & { readonly agreementTolerance: number },
): Finality {
  const own = counted.runs.filter((r) => r.submissionId === submissionId && r.anchorBlock <= ingestedBlock);
  const first = own[0];
  if (first === undefined) {
    return {
      status: "pending",
      firstCountedBlock: null,
      timeoutBlock: null,
      quorumStake: 0n,
      activeStake: 0n,
    };
  }
  const timeoutBlock = first.anchorBlock + paramsAt(first.anchorBlock).quorumTimeoutBlocks;
  const progressAt = (block: number, upTo: number, ran: ReadonlySet<string>): QuorumProgress => {
    const active = counted.activeAt(block, upTo, paramsAt(block).activeWindowBlocks);
    let quorumStake = 0n;
    let activeStake = 0n;
    for (const [hotkey, stake] of active) {
      activeStake += stake;
      if (ran.has(hotkey)) quorumStake += stake;
    }
    return { quorumStake, activeStake };
  };

  const ran = new Set<string>();
  for (let k = 0; k < own.length; k++) {
    const run = own[k] as FinalityRun;
    if (run.anchorBlock > timeoutBlock) break;
    ran.add(run.validatorHotkey);
    const upTo = counted.positionOf(run.runId) as number;
    const progress = progressAt(run.anchorBlock, upTo, ran);
    if (reachesQuorum(progress.quorumStake, progress.activeStake, paramsAt(run.anchorBlock).quorum)) {
      const runs = own.slice(0, k + 1);
      const { verdict, stakes, validators } = verdictOf(
        runs,
        counted,
        paramsAt(run.anchorBlock).agreementTolerance,
      );
      const { anchorBlock, receivedAt, runId } = run;
      return {
        status: "final",
        block: run.anchorBlock,
        how: "quorum",
        countedRunIds: runs.map((r) => r.runId),
        countedStakes: stakes,
        countedValidators: validators,
        verdict,
        after: { anchorBlock, receivedAt, runId },
        ...progress,
      };
    }
  }
  if (ingestedBlock >= timeoutBlock) {
    const runs = own.filter((r) => r.anchorBlock <= timeoutBlock);
    const upTo = lastPositionBefore(counted, timeoutBlock);
    const progress = progressAt(timeoutBlock, upTo, new Set(runs.map((r) => r.validatorHotkey)));
    const { verdict, stakes, validators } = verdictOf(
      runs,
      counted,
      paramsAt(timeoutBlock).agreementTolerance,
    );
    return {
      status: "final",
      block: timeoutBlock,
      how: "timeout",
      countedRunIds: runs.map((r) => r.runId),
      countedStakes: stakes,
      countedValidators: validators,
      verdict,
      after: endOfBlock(timeoutBlock),
      ...progress,
    };
  }
  // The progress of the last check made: quorum is only ever checked at a counted run's anchor block.
  const lastRun = own.filter((r) => r.anchorBlock <= timeoutBlock).at(-1) as FinalityRun;
  const progress = progressAt(
    lastRun.anchorBlock,
    counted.positionOf(lastRun.runId) as number,
    new Set(own.map((r) => r.validatorHotkey)),
  );
  return { status: "pending", firstCountedBlock: first.anchorBlock, timeoutBlock, ...progress };
}

/** Position of the last counted run anchored at or before `block` (−1 when none). */
function lastPositionBefore(counted: CountedRuns, block: number): number {
  let lo = 0;
  let hi = counted.runs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((counted.runs[mid] as FinalityRun).anchorBlock <= block) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Whether a run of a final submission came after its verdict (it is stored and shown, but decides nothing). */
export function isAfterVerdict(
  run: Pick<FinalityRun, "anchorBlock" | "receivedAt" | "runId">,
  finality: Finality,
): boolean {
  return finality.status === "final" && compareRunOrder(run, finality.after) > 0;
}
