import { RUN_FAILURE_REASONS, type RunFailureReason } from "./failure-reasons";

// A submission's consensus across validators (protocol.md "Several validators"). The caller passes only runs
// of validators that hold a permit; stakes are RAO.

export interface ConsensusRun {
  readonly runId: string;
  readonly validatorHotkey: string;
  readonly stake: bigint;
  readonly outcome: "scored" | "failed";
  /** Ignored for failed runs, which count as 0 in the median. */
  readonly score: number;
  readonly failureReason?: RunFailureReason;
  /** The run's anchor block; the latest run per validator counts (protocol.md "Several validators"). */
  readonly anchorBlock: number;
  /** ISO 8601, when the explorer accepted the run: orders runs of one anchor block. */
  readonly receivedAt: string;
}

export interface ValidatorAgreement {
  readonly validatorHotkey: string;
  /** The run that was counted, or null when the validator only has runner_error runs. */
  readonly runId: string | null;
  /** Same pass/fail as the consensus and, for scored, within the tolerance; null when nothing was counted. */
  readonly agrees: boolean | null;
}

export type ConsensusVerdict =
  | { readonly status: "pending" }
  | { readonly status: "scored"; readonly score: number }
  | { readonly status: "failed"; readonly reason: RunFailureReason; readonly score: 0 };

export type ConsensusResult = ConsensusVerdict & {
  readonly countedRunIds: readonly string[];
  readonly agreement: readonly ValidatorAgreement[];
};

/**
 * The explorer's order of runs: anchor block, then acceptance time, then runId, so the choice is the same on
 * every rebuild. A validator's own finishedAt decides nothing.
 */
export function compareRunOrder(
  a: Pick<ConsensusRun, "anchorBlock" | "receivedAt" | "runId">,
  b: Pick<ConsensusRun, "anchorBlock" | "receivedAt" | "runId">,
): number {
  const received = (r: { receivedAt: string }) => {
    const ms = Date.parse(r.receivedAt);
    return Number.isFinite(ms) ? ms : Number.NEGATIVE_INFINITY;
  };
  if (a.anchorBlock !== b.anchorBlock) return a.anchorBlock - b.anchorBlock;
  if (received(a) !== received(b)) return received(a) < received(b) ? -1 : 1;
  return a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0;
}

/** Each validator's latest run that is not a runner_error (the validator's own fault), and every validator. */
function latestPerValidator<R extends Omit<ConsensusRun, "stake">>(runs: readonly R[]) {
  const latest = new Map<string, R>();
  const validators = new Set<string>();
  for (const run of runs) {
    validators.add(run.validatorHotkey);
    if (run.outcome === "failed" && (run.failureReason ?? "runner_error") === "runner_error") continue;
    const current = latest.get(run.validatorHotkey);
    if (current === undefined || compareRunOrder(run, current) > 0) latest.set(run.validatorHotkey, run);
  }
  return { latest, validators };
}

export interface WeightedValue {
  readonly value: number;
  readonly weight: bigint;
}

/**
 * Weighted median, exact in bigint: sort by value; the median is the first value whose cumulative weight
 * exceeds half the total, or, when the cumulative weight lands exactly on half, the mean of that value and
 * the next one. With equal weights this is the ordinary median (mean of the two middle values). Zero-weight
 * entries carry no say. NaN when the total weight is 0.
 */
export function weightedMedian(items: readonly WeightedValue[]): number {
  const sorted = items.filter((i) => i.weight > 0n).sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, i) => sum + i.weight, 0n);
  let cumulative = 0n;
  for (let k = 0; k < sorted.length; k++) {
    const item = sorted[k] as WeightedValue;
    cumulative += item.weight;
    if (2n * cumulative > total) return item.value;
    if (2n * cumulative === total) return (item.value + (sorted[k + 1] as WeightedValue).value) / 2;
  }
  return Number.NaN;
}

/**
 * The consensus of the latest non-runner_error run of each validator (a runner_error is the validator's own
 * fault and never counts against the miner, so the validator's previous verdict stands). Failed when failed
 * runs hold a strict stake majority; the reason is the stake-weighted plurality of their reasons, ties going
 * to the earliest stage of the pipeline. Otherwise the score is the stake-weighted median with failed runs
 * at 0. A validator with zero stake never decides: with zero total stake the verdict stays pending. A failed
 * run without a reason is treated as runner_error: an unknown cause is not held against the miner.
 */
export function computeConsensus(runs: readonly ConsensusRun[], tolerance: number): ConsensusResult {
  const { latest, validators } = latestPerValidator(runs);
  const counted = [...latest.values()].sort((a, b) => (a.validatorHotkey < b.validatorHotkey ? -1 : 1));
  const weight = (r: ConsensusRun): bigint => (r.stake > 0n ? r.stake : 0n);
  const total = counted.reduce((sum, r) => sum + weight(r), 0n);

  let verdict: ConsensusVerdict;
  const failedRuns = counted.filter((r) => r.outcome === "failed");
  const failedStake = failedRuns.reduce((sum, r) => sum + weight(r), 0n);
  if (total === 0n) {
    verdict = { status: "pending" };
  } else if (2n * failedStake > total) {
    verdict = { status: "failed", reason: pluralityReason(failedRuns, weight), score: 0 };
  } else {
    const items = counted.map((r) => ({ value: runScore(r), weight: weight(r) }));
    verdict = { status: "scored", score: weightedMedian(items) };
  }

  const agreement = [...validators]
    .sort()
    .map((hotkey) => agreementOf(hotkey, latest.get(hotkey), verdict, tolerance));
  return { ...verdict, countedRunIds: counted.map((r) => r.runId), agreement };
}

function agreementOf(
  hotkey: string,
  run: Omit<ConsensusRun, "stake"> | undefined,
  verdict: ConsensusVerdict,
  tolerance: number,
): ValidatorAgreement {
  if (run === undefined || verdict.status === "pending") {
    return { validatorHotkey: hotkey, runId: run?.runId ?? null, agrees: null };
  }
  const sameOutcome = (run.outcome === "failed") === (verdict.status === "failed");
  const close = verdict.status === "failed" || Math.abs(runScore(run) - verdict.score) <= tolerance;
  return { validatorHotkey: hotkey, runId: run.runId, agrees: sameOutcome && close };
}

/**
 * Each validator's agreement with a verdict already reached (a frozen one): its latest run that is not a
 * runner_error, in the explorer's order, runs after the verdict included.
 */
export function agreementWith(
  verdict: ConsensusVerdict,
  runs: readonly Omit<ConsensusRun, "stake">[],
  tolerance: number,
): ValidatorAgreement[] {
  const { latest, validators } = latestPerValidator(runs);
  return [...validators].sort().map((hotkey) => agreementOf(hotkey, latest.get(hotkey), verdict, tolerance));
}

const runScore = (run: Omit<ConsensusRun, "stake">): number =>
  run.outcome === "failed" || !Number.isFinite(run.score) || run.score < 0 ? 0 : run.score;

function pluralityReason(
  failed: readonly ConsensusRun[],
  weight: (r: ConsensusRun) => bigint,
): RunFailureReason {
  const stakeByReason = new Map<RunFailureReason, bigint>();
  for (const run of failed) {
    const reason = run.failureReason ?? "runner_error";
    stakeByReason.set(reason, (stakeByReason.get(reason) ?? 0n) + weight(run));
  }
  let best: RunFailureReason | null = null;
  let bestStake = -1n;
  // RUN_FAILURE_REASONS is in pipeline order, and only a strictly larger stake displaces the earlier stage.
  for (const reason of RUN_FAILURE_REASONS) {
    const stake = stakeByReason.get(reason);
    if (stake !== undefined && stake > bestStake) {
      best = reason;
      bestStake = stake;
    }
  }
  return best ?? "runner_error";
}
