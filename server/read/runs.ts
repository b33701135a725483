import type { ConsensusAgreement, SubmissionFinality } from "@/db/schema";
import type { PromptRow, RunRow } from "@/db/queries/run-rows";
import {
  divergenceSchema,
  verificationFailureSchema,
  type RunPromptView,
  type RunView,
} from "@/lib/schemas/submission-detail";
import { failureInfo } from "./views";

// A stored run (and its prompts) as the read routes show it; shared by the submission and run pages.

const num = (record: Record<string, unknown>, key: string): number | null => {
  const value = record[key];
  return typeof value === "number" ? value : null;
};

function toPromptView(p: PromptRow): RunPromptView {
  const divergence = p.divergence === null ? null : (divergenceSchema.safeParse(p.divergence).data ?? null);
  return {
    index: p.promptIndex,
    promptSha256: p.promptSha256,
    inputTokens: p.inputTokens,
    outputTokens: p.outputTokens,
    ttftMs: p.ttftMs,
    throughputTps: p.throughputTps,
    e2eMs: p.e2eMs,
    itlMs: { p50: p.itlP50Ms, p90: p.itlP90Ms, p99: p.itlP99Ms },
    comparedTokens: p.comparedTokens,
    matchedTokens: p.matchedTokens,
    passed: p.passed,
    divergence,
    verifiedTokens: p.verifiedTokens,
    verification:
      p.verification === null ? null : (verificationFailureSchema.safeParse(p.verification).data ?? null),
  };
}

/** The runs a submission's verdict was computed from, as its stored finality lists them. */
export function verdictRunIds(finality: SubmissionFinality | null): ReadonlySet<string> {
  return new Set(finality?.status === "final" ? finality.countedRuns.map((r) => r.runId) : []);
}

export function toRunView(
  run: RunRow,
  prompts: readonly PromptRow[],
  agreement: readonly ConsensusAgreement[],
  inVerdict: ReadonlySet<string>,
): RunView {
  const views = prompts.filter((p) => p.runId === run.runId).map(toPromptView);
  // A run failed for its timed output has prompts that did not pass with a tolerated divergence: that is not
  // the cause, the verification detail is.
  const failing =
    run.failureReason === "unverified_output"
      ? undefined
      : views.find((p) => !p.passed && p.divergence !== null);
  const unverified = views.find((p) => p.verification !== null);
  const verified = views.map((p) => p.verifiedTokens).filter((n) => n !== null);
  const measured = agreement.find((a) => a.runId === run.runId);
  return {
    runId: run.runId,
    validatorHotkey: run.validatorHotkey,
    runnerVersion: run.runnerVersion,
    seedBlock: run.seedBlock,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt.toISOString(),
    receivedAt: run.receivedAt.toISOString(),
    outcome: run.outcome,
    failure:
      run.outcome === "failed"
        ? {
            reason: failureInfo(run.failureReason),
            code: run.failureReason ?? "runner_error",
            message: run.failureMessage ?? "",
            stage: run.failureStage ?? "",
          }
        : null,
    anchorBlock: run.anchorBlock,
    counted: run.counted,
    inVerdict: inVerdict.has(run.runId),
    afterVerdict: run.afterVerdict,
    agrees: measured?.agrees ?? null,
    summary: {
      medianTtftMs: run.medianTtftMs,
      medianThroughputTps: run.medianThroughputTps,
      tokenMatchRate: run.tokenMatchRate,
      correctnessPassed: run.correctnessPassed,
      ttftImprovement: run.ttftImprovement,
      throughputImprovement: run.throughputImprovement,
      score: run.score,
    },
    baseline: {
      medianTtftMs: num(run.baseline, "medianTtftMs"),
      medianThroughputTps: num(run.baseline, "medianThroughputTps"),
    },
    verification: run.verification ?? "first-divergence",
    verifiedTokens: verified.length === 0 ? null : verified.reduce((a, b) => a + b, 0),
    firstUnverified: unverified?.verification
      ? { promptIndex: unverified.index, ...unverified.verification }
      : null,
    firstDivergence: failing?.divergence ? { promptIndex: failing.index, ...failing.divergence } : null,
    prompts: views,
    logTail: run.logTail,
  };
}
