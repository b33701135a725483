import type { FieldIssue } from "@/lib/schemas/errors";
import type { ProtocolParams } from "@/lib/protocol/params";
import type { RunV1 } from "@/lib/protocol/run-schema";
import { median, summarizeRun, type RunSummary } from "@/lib/protocol/scoring";
import { checkRunVerdict } from "./run-verdict-checks";
import { checkRunVerification } from "./verification-checks";

/**
 * Whether a claimed figure matches the recomputed one. The tolerance is params.scoreRoundingTolerance, taken
 * as absolute for fractions (scores, rates) and relative for larger quantities (milliseconds, tokens per
 * second), so a runner rounding 523.4567 ms to 523.457 is not refused while a padded score still is.
 */
export function figuresAgree(claimed: number, recomputed: number, tolerance: number): boolean {
  if (!Number.isFinite(claimed) || !Number.isFinite(recomputed)) return false;
  return Math.abs(claimed - recomputed) <= tolerance * Math.max(1, Math.abs(recomputed));
}

/** Why a run's claims are refused: the verdict first, as the score follows from it. */
export interface ClaimRefusal {
  readonly code: "inconsistent_verdict" | "inconsistent_score";
  readonly issues: FieldIssue[];
}

/**
 * Every claim of a run that its own figures determine (protocol.md "Scoring"), recomputed: the summary the
 * explorer stores, and the refusal when a claim disagrees (null when none does).
 */
export function checkRunClaims(
  run: RunV1,
  params: ProtocolParams,
): { summary: RunSummary; refusal: ClaimRefusal | null } {
  const verdict = checkRunVerdict(run, params);
  const { summary, issues } = checkRunSummary(run, params, verdict.correctnessPassed);
  if (verdict.issues.length > 0)
    return { summary, refusal: { code: "inconsistent_verdict", issues: verdict.issues } };
  if (issues.length > 0) return { summary, refusal: { code: "inconsistent_score", issues } };
  return { summary, refusal: null };
}

/**
 * The run's summary recomputed from its per-prompt figures and its baseline (protocol.md "Scoring"), and every
 * claimed median, term and score that disagrees with it, by JSON path. A failed run's terms are recomputed
 * whatever it claims (its score is 0 either way). The recomputed summary is what the explorer stores.
 */
export function checkRunSummary(
  run: RunV1,
  params: ProtocolParams,
  correctnessPassed = checkRunVerdict(run, params).correctnessPassed,
): { summary: RunSummary; issues: FieldIssue[] } {
  const claimed = run.summary;
  const failed = run.outcome === "failed";
  const summary = summarizeRun(run.prompts, run.baseline, correctnessPassed, {
    runFailed: failed,
    weights: { ttftWeight: params.ttftWeight, throughputWeight: params.throughputWeight },
  });
  const tolerance = params.scoreRoundingTolerance;
  const issues: FieldIssue[] = [];
  const compare = (path: string, claim: number, recomputed: number) => {
    if (!figuresAgree(claim, recomputed, tolerance)) {
      issues.push({ path, message: `claimed ${claim}, recomputed ${recomputed}` });
    }
  };

  // Without per-prompt baseline figures there is nothing to check the baseline medians against; the
  // improvements are then 0 (scoring.ts), which the summary comparison below still enforces.
  if (run.baseline.prompts.length > 0) {
    compare(
      "$.baseline.medianTtftMs",
      run.baseline.medianTtftMs,
      median(run.baseline.prompts.map((p) => p.ttftMs)),
    );
    compare(
      "$.baseline.medianThroughputTps",
      run.baseline.medianThroughputTps,
      median(run.baseline.prompts.map((p) => p.throughputTps)),
    );
  }
  compare("$.summary.medianTtftMs", claimed.medianTtftMs, summary.medianTtftMs);
  compare("$.summary.medianThroughputTps", claimed.medianThroughputTps, summary.medianThroughputTps);
  if (!failed) {
    compare("$.summary.ttftImprovement", claimed.ttftImprovement, summary.ttftImprovement);
    compare("$.summary.throughputImprovement", claimed.throughputImprovement, summary.throughputImprovement);
  }
  compare("$.summary.score", claimed.score, summary.score);
  issues.push(...checkRunVerification(run));
  return { summary, issues };
}
