import type { ProtocolParams } from "@/lib/protocol/params";
import type { RunV1 } from "@/lib/protocol/run-schema";
import { median, summarizeRun, type RunSummary } from "@/lib/protocol/scoring";

import { checkRunVerification } from "./verification-checks";

export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Whether a claimed figure matches the recomputed one. The tolerance is params.scoreRoundingTolerance, taken
 * as absolute for fractions (scores, rates) and relative for larger quantities (milliseconds, tokens per
 * second), so a runner rounding 523.4567 ms to 523.457 is not refused while a padded score still is.
 */
export function figuresAgree(claimed: number, recomputed: number, tolerance: number): boolean {
  if (!Number.isFinite(claimed) || !Number.isFinite(recomputed)) return false;
  return Math.abs(claimed - recomputed) <= tolerance * Math.max(1, Math.abs(recomputed));
}

/**
 * The run's summary recomputed from its per-prompt figures and its baseline (protocol.md "Scoring"), and every
 * claimed field that disagrees with it, by JSON path. The recomputed summary is what the explorer stores.
 */
export function checkRunSummary(
  run: RunV1,
  params: ProtocolParams,
): { summary: RunSummary; issues: FieldIssue[] } {
  const claimed = run.summary;
  const summary = summarizeRun(run.prompts, run.baseline, claimed.correctnessPassed, {
    runFailed: run.outcome === "failed",
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
  compare("$.summary.tokenMatchRate", claimed.tokenMatchRate, summary.tokenMatchRate);
  compare("$.summary.ttftImprovement", claimed.ttftImprovement, summary.ttftImprovement);
  compare("$.summary.throughputImprovement", claimed.throughputImprovement, summary.throughputImprovement);
  compare("$.summary.score", claimed.score, summary.score);

  // A failed run may say false even when every prompt it reached passed (it stopped early); true, though,
  // must be backed by prompts that all passed.
  if (claimed.correctnessPassed) {
    const failing = run.prompts.filter((p) => !p.passed).map((p) => p.index);
    if (run.prompts.length === 0 || failing.length > 0) {
      issues.push({
        path: "$.summary.correctnessPassed",
        message:
          run.prompts.length === 0
            ? "claimed true, but the run has no prompts"
            : `claimed true, but prompts ${failing.join(", ")} did not pass`,
      });
    }
  }
  issues.push(...checkRunVerification(run));
  return { summary, issues };
}
