import type { OfficialEvaluation } from "./records";

/** Our submission as the comparison needs it (the independent track's verdict). */
export interface IndependentVerdict {
  status: string;
  consensusScore: number | null;
  failureReason: string | null;
  digest: string;
}

export type Agreement = "agree" | "differ" | "official_only" | "ours_only" | "neither";

export const AGREEMENTS: readonly Agreement[] = ["agree", "differ", "official_only", "ours_only", "neither"];

export interface TrackComparison {
  agreement: Agreement;
  label: string;
  detail: string;
}

const pct = (x: number | null) => (x === null ? "–" : `${(x * 100).toFixed(1)} %`);

/**
 * Where the two tracks agree: both passed or both failed the submission, on the same digest. Scores are shown
 * side by side but never compared for agreement: the two validators measure on different hardware and, from
 * May 30, by different formulas.
 */
export function compareTracks(
  ours: IndependentVerdict,
  official: OfficialEvaluation | null,
): TrackComparison {
  const oursDone = ours.status === "scored" || ours.status === "failed";
  if (!official && !oursDone)
    return { agreement: "neither", label: "no verdict yet", detail: "Neither track has judged it." };
  if (!official)
    return {
      agreement: "ours_only",
      label: "independent track only",
      detail: "The subnet's validator has not published an evaluation.",
    };
  const officialText = official.disqualified
    ? `the validator disqualified it (${official.disqualifyReason ?? "no reason given"})`
    : `the validator scored it ${pct(official.score)}`;
  if (!oursDone)
    return {
      agreement: "official_only",
      label: "official track only",
      detail: `No consensus of signed runs yet; ${officialText}.`,
    };
  if (official.digest !== null && official.digest !== ours.digest) {
    return {
      agreement: "differ",
      label: "the tracks differ",
      detail: `The validator evaluated digest ${official.digest}, not the committed ${ours.digest}.`,
    };
  }
  const oursPassed = ours.status === "scored";
  const oursText = oursPassed
    ? `our consensus scored it ${pct(ours.consensusScore)}`
    : `our consensus failed it (${ours.failureReason ?? "no reason"})`;
  return oursPassed === !official.disqualified
    ? {
        agreement: "agree",
        label: "the tracks agree",
        detail: `Both ${oursPassed ? "passed" : "failed"} it: ${oursText}; ${officialText}.`,
      }
    : {
        agreement: "differ",
        label: "the tracks differ",
        detail: `${oursText[0]?.toUpperCase()}${oursText.slice(1)}; ${officialText}.`,
      };
}
