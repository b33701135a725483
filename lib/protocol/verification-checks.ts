import type { RunV1 } from "@/lib/protocol/run-schema";

import type { FieldIssue } from "@/lib/schemas/errors";

// The verification fields of a posted run checked against each other (protocol.md, "Verifying the timed
// output"): what the run claims about its verification must be backed by its prompts.

export function checkRunVerification(run: RunV1): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const full = run.verification === "full";
  if (run.outcome === "failed" && run.failure.reason === "unverified_output") {
    if (!full)
      issues.push({ path: "$.verification", message: 'unverified_output needs verification "full"' });
    if (!run.prompts.some((p) => p.verification != null))
      issues.push({
        path: "$.prompts",
        message: "unverified_output, but no prompt carries its verification detail (position, token, top-5)",
      });
  }
  run.prompts.forEach((p, i) => {
    if (full && run.outcome === "scored" && p.verifiedTokens === undefined)
      issues.push({
        path: `$.prompts[${i}].verifiedTokens`,
        message: "a scored run with full verification reports every prompt's verified token count",
      });
    // The verified count is throughput's numerator: one token or none has no rate to measure.
    if (p.verifiedTokens !== undefined && p.verifiedTokens <= 1 && p.throughputTps !== 0)
      issues.push({
        path: `$.prompts[${i}].throughputTps`,
        message: `claimed ${p.throughputTps} from ${p.verifiedTokens} verified tokens, which have no rate (0)`,
      });
  });
  return issues;
}
