import type { SubmissionRef } from "./king-state";

// Copies (protocol.md "The king"): a submission whose digest equals the digest of any earlier-committed
// submission of a different hotkey is `duplicate` of it, whatever the order in which verdicts became final.

/** The commit order: commit block, then lower UID, then id (submissions are judged in this order). */
export function compareCommitOrder(
  a: Pick<SubmissionRef, "commitBlock" | "uid" | "id">,
  b: Pick<SubmissionRef, "commitBlock" | "uid" | "id">,
): number {
  return a.commitBlock - b.commitBlock || a.uid - b.uid || a.id - b.id;
}

/**
 * Submission id → the id of the submission it copies: the earliest-committed submission with the same
 * digest and another hotkey. Depends on commitments only, so it is known from the commit on.
 */
export function findCopies(submissions: readonly SubmissionRef[]): Map<number, number> {
  const byDigest = new Map<string, SubmissionRef[]>();
  for (const s of [...submissions].sort(compareCommitOrder)) {
    const earlier = byDigest.get(s.digest);
    if (earlier) earlier.push(s);
    else byDigest.set(s.digest, [s]);
  }
  const copies = new Map<number, number>();
  for (const group of byDigest.values()) {
    group.forEach((s, i) => {
      const original = group.slice(0, i).find((e) => e.hotkey !== s.hotkey);
      if (original) copies.set(s.id, original.id);
    });
  }
  return copies;
}
