import type { FieldIssue } from "@/lib/schemas/errors";
import { checkRun, judgeRecordedDivergence } from "@/lib/protocol/correctness";
import type { ProtocolParams } from "@/lib/protocol/params";
import type { RunV1 } from "@/lib/protocol/run-schema";

// The verdict a run claims, recomputed from its own figures (protocol.md "Scoring": 422 inconsistent_verdict).
// The API cannot see the outputs, but it can hold every recorded figure to the rules that link them.

type Prompt = RunV1["prompts"][number];

// The failures of a run whose prompts were all judged: there a prompt the gate accepts may still have failed
// because its timed output was not the verified one (speed pass, verification), in a run that another prompt
// failed for correctness too. Strings, so the check holds whichever of these the failure-reason list names.
const FAILED_BEYOND_THE_GATE: ReadonlySet<string> = new Set([
  "correctness_failed",
  "speed_pass_mismatch",
  "unverified_output",
]);

export interface RunVerdict {
  /** Every scored prompt present and passed. */
  readonly correctnessPassed: boolean;
  /** Mean of the per-prompt match rates; 0 with no prompt. */
  readonly tokenMatchRate: number;
  readonly issues: FieldIssue[];
}

export function checkRunVerdict(run: RunV1, params: ProtocolParams): RunVerdict {
  const issues: FieldIssue[] = [];
  const issue = (path: string, message: string) => issues.push({ path, message });
  const gateFailures = run.prompts.map((p, i) => checkPrompt(run, p, `$.prompts[${i}]`, params, issue));

  const seen = new Set<number>();
  run.prompts.forEach((p, i) => {
    if (seen.has(p.index)) issue(`$.prompts[${i}].index`, `prompt index ${p.index} appears twice`);
    seen.add(p.index);
  });
  if (run.outcome === "scored") checkScoredPrompts(run, params, issue);

  const failing = run.prompts.filter((p) => !p.passed).map((p) => p.index);
  const complete = run.prompts.length === params.scoredPrompts;
  const correctnessPassed = complete && failing.length === 0;
  if (run.summary.correctnessPassed !== correctnessPassed) {
    issue(
      "$.summary.correctnessPassed",
      correctnessPassed
        ? `claimed false, but all ${params.scoredPrompts} scored prompts passed`
        : !complete
          ? `claimed true, but the run has ${run.prompts.length} of the ${params.scoredPrompts} scored prompts`
          : `claimed true, but prompts ${failing.join(", ")} did not pass`,
    );
  }
  if (
    run.outcome === "failed" &&
    run.failure.reason === "correctness_failed" &&
    !gateFailures.some((f) => f !== undefined)
  ) {
    issue("$.failure.reason", "correctness_failed, but no prompt's divergence fails the gate");
  }

  // A rate lies in [0, 1], so the rounding tolerance is absolute here.
  const { tokenMatchRate } = checkRun(run.prompts);
  if (!(Math.abs(run.summary.tokenMatchRate - tokenMatchRate) <= params.scoreRoundingTolerance)) {
    issue("$.summary.tokenMatchRate", `claimed ${run.summary.tokenMatchRate}, recomputed ${tokenMatchRate}`);
  }
  return { correctnessPassed, tokenMatchRate, issues };
}

/** One prompt's recorded divergence and `passed` against the gate; returns the gate's failure, if any. */
function checkPrompt(
  run: RunV1,
  p: Prompt,
  at: string,
  params: ProtocolParams,
  issue: (path: string, message: string) => void,
): string | undefined {
  const d = p.divergence;
  if (d === null) {
    // No divergence: the outputs were identical, so every compared token matched, and the gate passes.
    if (p.matchedTokens !== p.comparedTokens) {
      issue(
        `${at}.matchedTokens`,
        `no divergence is recorded, so all ${p.comparedTokens} compared tokens matched; claimed ${p.matchedTokens}`,
      );
    }
    checkPassed(run, p, at, undefined, issue);
    return undefined;
  }
  if (d.position >= p.comparedTokens) {
    issue(`${at}.divergence.position`, `${d.position} lies beyond the ${p.comparedTokens} compared tokens`);
  } else if (p.matchedTokens < d.position || p.matchedTokens >= p.comparedTokens) {
    // Every token before the first divergence matched, and the divergence itself did not.
    issue(
      `${at}.matchedTokens`,
      `a first divergence at ${d.position} of ${p.comparedTokens} tokens allows ${d.position} to ` +
        `${p.comparedTokens - 1} matches; claimed ${p.matchedTokens}`,
    );
  }
  if (d.minerToken === d.baselineToken) {
    issue(`${at}.divergence.minerToken`, "equals the baseline's token, so this position is no divergence");
  }
  const judged = judgeRecordedDivergence(d, params.correctness);
  if (judged.divergence.baselineTokenLogprob !== d.baselineTokenLogprob) {
    issue(
      `${at}.divergence.baselineTokenLogprob`,
      `claimed ${d.baselineTokenLogprob}, but minerTop5 gives ${judged.divergence.baselineTokenLogprob}`,
    );
  }
  checkPassed(run, p, at, judged.failure, issue);
  return judged.failure;
}

function checkPassed(
  run: RunV1,
  p: Prompt,
  at: string,
  failure: string | undefined,
  issue: (path: string, message: string) => void,
): void {
  if (p.passed && failure !== undefined) {
    issue(`${at}.passed`, `claimed true, but the gate fails its divergence (${failure})`);
  }
  const explained = run.outcome === "failed" && FAILED_BEYOND_THE_GATE.has(run.failure.reason);
  if (!p.passed && failure === undefined && !explained) {
    issue(
      `${at}.passed`,
      `claimed false, but the gate accepts ${p.divergence === null ? "an output with no divergence" : "its divergence"} ` +
        `and the run's failure is not one that fails a prompt beyond it (${[...FAILED_BEYOND_THE_GATE].join(", ")})`,
    );
  }
}

/** A scored run has exactly `scoredPrompts` prompts, the same indexes as its baseline's. */
function checkScoredPrompts(
  run: RunV1,
  params: ProtocolParams,
  issue: (path: string, message: string) => void,
): void {
  if (run.prompts.length !== params.scoredPrompts) {
    issue(
      "$.prompts",
      `a scored run has ${params.scoredPrompts} prompts; this one has ${run.prompts.length}`,
    );
  }
  const baseline = new Set(run.baseline.prompts.map((b) => b.index));
  const scored = new Set(run.prompts.map((p) => p.index));
  run.prompts.forEach((p, i) => {
    if (!baseline.has(p.index)) issue(`$.prompts[${i}].index`, `the baseline has no prompt ${p.index}`);
  });
  const baselineSeen = new Set<number>();
  run.baseline.prompts.forEach((b, i) => {
    if (!scored.has(b.index))
      issue(`$.baseline.prompts[${i}].index`, `no scored prompt has index ${b.index}`);
    else if (baselineSeen.has(b.index))
      issue(`$.baseline.prompts[${i}].index`, `prompt index ${b.index} appears twice`);
    baselineSeen.add(b.index);
  });
}
