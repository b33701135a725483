import type { ConsensusRunRow } from "@/db/queries/standings";
import type { ConsensusAgreement } from "@/db/schema";
import { computeConsensus, type ConsensusRun } from "@/lib/protocol/consensus";
import { RUN_FAILURE_REASONS, type RunFailureReason } from "@/lib/protocol/failure-reasons";

// A submission's consensus from its runs, with lib/protocol computeConsensus as the only judge. The extra
// figures (improvements, medians, token match rate) are weighted medians taken the same way, by calling
// computeConsensus again with the figure in place of the score, so no weighting rule is restated here.

export interface SubmissionConsensus {
  readonly status: "pending" | "scored" | "failed";
  /** The consensus score; 0 when failed, null while pending. */
  readonly score: number | null;
  readonly failureReason: RunFailureReason | null;
  readonly ttftImprovement: number | null;
  readonly throughputImprovement: number | null;
  readonly tokenMatchRate: number | null;
  readonly ttftMs: number | null;
  readonly throughputTps: number | null;
  readonly agreement: ConsensusAgreement[];
  readonly validatorsAgreeing: number;
  readonly validatorsTotal: number;
}

const isRunFailureReason = (reason: string | null): reason is RunFailureReason =>
  (RUN_FAILURE_REASONS as readonly (string | null)[]).includes(reason);

function toConsensusRun(run: ConsensusRunRow, stake: bigint): ConsensusRun {
  return {
    runId: run.runId,
    validatorHotkey: run.validatorHotkey,
    stake,
    outcome: run.outcome,
    score: run.score,
    // An unknown reason is left out, which computeConsensus treats as runner_error: never held against a miner.
    ...(isRunFailureReason(run.failureReason) ? { failureReason: run.failureReason } : {}),
    anchorBlock: 0,
    receivedAt: run.finishedAt.toISOString(),
  };
}

/**
 * `runs`: every run of one submission; `stakes`: hotkey → stake of each permitted validator in the latest
 * snapshot. Runs of validators without a permit stay visible elsewhere but do not count here.
 */
export function submissionConsensus(
  runs: readonly ConsensusRunRow[],
  stakes: ReadonlyMap<string, bigint>,
  tolerance: number,
): SubmissionConsensus {
  const permitted = runs.flatMap((r) => {
    const stake = stakes.get(r.validatorHotkey);
    return stake === undefined ? [] : [{ row: r, run: toConsensusRun(r, stake) }];
  });
  const result = computeConsensus(
    permitted.map((p) => p.run),
    tolerance,
  );
  const agreement = result.agreement.map((a) => ({
    validatorHotkey: a.validatorHotkey,
    runId: a.runId,
    agrees: a.agrees,
  }));
  const validatorsAgreeing = agreement.filter((a) => a.agrees === true).length;
  const validatorsTotal = agreement.filter((a) => a.agrees !== null).length;
  const empty = { ttftImprovement: null, throughputImprovement: null, ttftMs: null, throughputTps: null };
  if (result.status === "pending") {
    return {
      status: "pending",
      score: null,
      failureReason: null,
      ...empty,
      tokenMatchRate: null,
      agreement,
      validatorsAgreeing,
      validatorsTotal,
    };
  }

  const countedIds = new Set(result.countedRunIds);
  const counted = permitted.filter((p) => countedIds.has(p.run.runId));
  const scored = counted.filter((p) => p.row.outcome === "scored");
  // The counted runs hold one run per validator, so computeConsensus only weighs them here.
  const median = (items: typeof counted, value: (row: ConsensusRunRow) => number): number | null => {
    const figure = computeConsensus(
      items.map((p) => ({ ...p.run, outcome: "scored" as const, score: value(p.row) })),
      tolerance,
    );
    return figure.status === "scored" && Number.isFinite(figure.score) ? figure.score : null;
  };
  const tokenMatchRate = median(counted, (r) => r.tokenMatchRate);
  if (result.status === "failed") {
    return {
      status: "failed",
      score: 0,
      failureReason: result.reason,
      ...empty,
      tokenMatchRate,
      agreement,
      validatorsAgreeing,
      validatorsTotal,
    };
  }
  // A failed run counts as 0 in the score's median, so it does in the improvements' too.
  const improvement = (value: (row: ConsensusRunRow) => number) =>
    median(counted, (r) => (r.outcome === "failed" ? 0 : value(r)));
  return {
    status: "scored",
    score: result.score,
    failureReason: null,
    ttftImprovement: improvement((r) => r.ttftImprovement),
    throughputImprovement: improvement((r) => r.throughputImprovement),
    tokenMatchRate,
    ttftMs: median(scored, (r) => r.medianTtftMs),
    throughputTps: median(scored, (r) => r.medianThroughputTps),
    agreement,
    validatorsAgreeing,
    validatorsTotal,
  };
}
