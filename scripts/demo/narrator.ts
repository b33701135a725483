// Says what is happening, in plain lines on the terminal: each submission's verdict, each coronation, and the
// king's margin as it decays. It only compares two readings of the public API, so it cannot change anything.
import type { KingResponse } from "@/lib/schemas/king";
import type { SubmissionSummary } from "@/lib/schemas/submissions";

export interface Reading {
  readonly king: KingResponse;
  readonly submissions: readonly SubmissionSummary[];
}

const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(2)} %`);

/** What a verdict means, for the reasons a reader of the terminal would not guess. */
const EXPLAINED: Readonly<Record<string, string>> = {
  unverified_output:
    "what it streamed while timed is not what the baseline model writes: replayed through the baseline, a token " +
    "fell outside its top-5 (its submission page shows the token and the baseline's top-5 there)",
};

export function describeChanges(
  before: Reading | null,
  now: Reading,
  nameOf: (hotkey: string) => string,
): string[] {
  const lines: string[] = [];
  const seen = new Map(before?.submissions.map((s) => [s.id, s]) ?? []);
  for (const s of now.submissions) {
    const old = seen.get(s.id);
    const who = `${nameOf(s.hotkey)} (uid ${s.uid})`;
    if (old === undefined) lines.push(`submission #${s.id} from ${who}: ${s.image}`);
    if (s.duplicateOfId !== null && old?.duplicateOfId == null) {
      lines.push(`  ${who} failed: duplicate (a copy of submission #${s.duplicateOfId}, never crowned)`);
    } else if (s.finalBlock !== null && old?.finalBlock == null && s.duplicateOfId === null) {
      lines.push(
        s.status === "failed"
          ? `  ${who} failed: ${s.failureReason ?? "unknown"}`
          : `  ${who} scored ${pct(s.score)} (${s.standing ?? "not judged yet"})`,
      );
      const why = s.status === "failed" ? EXPLAINED[s.failureReason ?? ""] : undefined;
      if (why !== undefined) lines.push(`    ${why}`);
    }
  }
  const king = now.king.king;
  if (king !== null && king.submissionId !== before?.king.king?.submissionId) {
    const beaten = king.thresholdBeaten > 0 ? `, beating the threshold ${pct(king.thresholdBeaten)}` : "";
    lines.push(
      `👑 ${nameOf(king.hotkey)} (uid ${king.uid}) is king at block ${king.crownedBlock}: ${pct(king.score)}${beaten}`,
    );
  }
  return lines;
}

export function describeMargin(king: KingResponse): string | null {
  if (king.king === null || king.margin === null) return null;
  const m = king.margin;
  return `   margin ${pct(m.epsilon)} after ${m.ageBlocks} blocks: a challenger must score over ${pct(m.scoreToBeat)}`;
}
