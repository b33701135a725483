import { formatScore } from "@/lib/format";
import type { SubmissionDetail } from "@/lib/schemas/submission-detail";

/** The verdict in one sentence, as a miner would want it told. */
export function verdictSentence(detail: SubmissionDetail): string {
  const { submission: s, verdict } = detail;
  const validators = `${s.validatorsAgreeing} of ${s.validatorsTotal} validator${s.validatorsTotal === 1 ? "" : "s"} agreeing`;
  if (
    s.status === "pending" &&
    verdict.finality?.status === "pending" &&
    verdict.finality.firstCountedBlock !== null
  )
    return "Evaluated, but the verdict is not final yet: it waits for the quorum or the timeout below.";
  if (s.status === "pending") return "Waiting for a validator to evaluate it.";
  if (s.status === "evaluating") return "A validator is evaluating it now.";
  if (s.standing === "king")
    return `The reigning king, with a consensus score of ${formatScore(s.score)} (${validators}).`;
  if (s.standing === "former_king")
    return `A former king, with a consensus score of ${formatScore(s.score)} (${validators}).`;
  if (s.duplicateOfId !== null)
    return `Disqualified: a copy of submission #${s.duplicateOfId}. It is never crowned and scores 0 on the board.`;
  if (verdict.failure) {
    const against = verdict.failure.countsAgainstMiner
      ? ""
      : " This is the validator's fault, not counted against the miner.";
    return `Not eligible: ${verdict.failure.title.toLowerCase()}. ${verdict.failure.explanation}${against}`;
  }
  if (s.standing === "ranked") {
    const threshold =
      verdict.judgedThreshold !== null
        ? `, which did not exceed the ${formatScore(verdict.judgedThreshold)} it had to beat (the king's score plus the margin)`
        : "";
    return `Scored ${formatScore(s.score)} (${validators})${threshold}; it stays ranked but cannot be crowned against this king.`;
  }
  return `Scored ${formatScore(s.score)} (${validators}); not judged against the king yet.`;
}
