import type { ConsensusRunRow } from "@/db/queries/standings";
import type { ConsensusAgreement } from "@/db/schema";
import { agreementWith, computeConsensus, type ConsensusVerdict } from "@/lib/protocol/consensus";
import { RUN_FAILURE_REASONS, type RunFailureReason } from "@/lib/protocol/failure-reasons";
import type { FinalityRun } from "@/lib/protocol/finality";

// A verdict's figures from its counted runs, with lib/protocol computeConsensus as the only judge. The extra
// figures (improvements, medians, token match rate) are weighted medians taken the same way, by calling
// computeConsensus again with the figure in place of the score, so no weighting rule is restated here.

export interface VerdictFigures {
  readonly ttftImprovement: number | null;
  readonly throughputImprovement: number | null;
  readonly tokenMatchRate: number | null;
  readonly ttftMs: number | null;
  readonly throughputTps: number | null;
}

export const NO_FIGURES: VerdictFigures = {
  ttftImprovement: null,
  throughputImprovement: null,
  tokenMatchRate: null,
  ttftMs: null,
  throughputTps: null,
};

const isRunFailureReason = (reason: string | null): reason is RunFailureReason =>
  (RUN_FAILURE_REASONS as readonly (string | null)[]).includes(reason);

/** A stored run as lib/protocol finality sees it. */
export function toFinalityRun(run: ConsensusRunRow): FinalityRun {
  return {
    runId: run.runId,
    submissionId: run.submissionId,
    validatorHotkey: run.validatorHotkey,
    outcome: run.outcome,
    score: run.score,
    // An unknown reason is left out, which lib/protocol treats as runner_error: never held against a miner.
    ...(isRunFailureReason(run.failureReason) ? { failureReason: run.failureReason } : {}),
    anchorBlock: run.anchorBlock,
    receivedAt: run.receivedAt.toISOString(),
  };
}

/**
 * The figures of a verdict computed from `counted` (the runs it was computed from, each with the stake it
 * weighed with). A failed run counts as 0 in the score's median, so it does in the improvements' too.
 */
export function verdictFigures(
  verdict: ConsensusVerdict,
  counted: readonly { row: ConsensusRunRow; stake: bigint }[],
  tolerance: number,
): VerdictFigures {
  if (verdict.status === "pending") return NO_FIGURES;
  const median = (items: typeof counted, value: (row: ConsensusRunRow) => number): number | null => {
    const figure = computeConsensus(
      items.map((p) => ({
        ...toFinalityRun(p.row),
        stake: p.stake,
        outcome: "scored" as const,
        score: value(p.row),
      })),
      tolerance,
    );
    return figure.status === "scored" && Number.isFinite(figure.score) ? figure.score : null;
  };
  const tokenMatchRate = median(counted, (r) => r.tokenMatchRate);
  if (verdict.status === "failed") return { ...NO_FIGURES, tokenMatchRate };
  const scored = counted.filter((p) => p.row.outcome === "scored");
  const improvement = (value: (row: ConsensusRunRow) => number) =>
    median(counted, (r) => (r.outcome === "failed" ? 0 : value(r)));
  return {
    ttftImprovement: improvement((r) => r.ttftImprovement),
    throughputImprovement: improvement((r) => r.throughputImprovement),
    tokenMatchRate,
    ttftMs: median(scored, (r) => r.medianTtftMs),
    throughputTps: median(scored, (r) => r.medianThroughputTps),
  };
}

/** Each validator's agreement with a final verdict, runs after the verdict included. */
export function validatorAgreement(
  verdict: ConsensusVerdict,
  runs: readonly ConsensusRunRow[],
  tolerance: number,
): ConsensusAgreement[] {
  return agreementWith(verdict, runs.map(toFinalityRun), tolerance).map((a) => ({
    validatorHotkey: a.validatorHotkey,
    runId: a.runId,
    agrees: a.agrees,
  }));
}
