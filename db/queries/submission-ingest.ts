import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { publishChange } from "../notify";
import { commitments, submissions } from "../schema";
import { listCommitmentIdentities, type NewCommitment } from "./commitments";

// Chain ingest's commitments and submissions, a whole range of blocks at a time: load what is stored for the
// hotkeys involved, let the caller decide (workers/chain-ingest/commitment-plan.ts), store the plan in a few
// bulk statements. One query per commitment made a backfill crawl.

export interface StoredCommitment {
  id: number;
  hotkey: string;
  source: "plain" | "revealed";
  commitBlock: number;
  rawSha256: string;
  rawBytes: Uint8Array;
  registrationBlock: number | null;
}

export interface StoredSubmission {
  id: number;
  hotkey: string;
  registrationBlock: number;
  pullRef: string;
}

export interface CommitmentIdentity {
  hotkey: string;
  source: string;
  commitBlock: number;
  rawSha256: string;
}

export const identityKey = (c: CommitmentIdentity): string =>
  `${c.hotkey}/${c.source}/${c.commitBlock}/${c.rawSha256}`;

/** Which submission a new commitment row belongs to, if any. */
export type SubmissionLink =
  | { kind: "none" }
  | { kind: "stored"; submissionId: number }
  /** A submission created in the same plan, from the row with this identity. */
  | { kind: "planned"; identity: string }
  | { kind: "create"; values: Omit<typeof submissions.$inferInsert, "id" | "commitmentId"> };

export interface PlannedCommitment {
  identity: string;
  values: Omit<NewCommitment, "submissionId">;
  link: SubmissionLink;
}

/** The identities already stored among the given hotkeys' commitments. */
export async function loadStoredIdentities(
  db: DbOrTx,
  netuid: number,
  hotkeys: readonly string[],
): Promise<Set<string>> {
  const rows = await listCommitmentIdentities(db, netuid, hotkeys);
  return new Set(rows.map(identityKey));
}

/** Every stored commitment and submission of the given hotkeys: what a new commitment is judged against. */
export async function loadHotkeyHistory(
  db: DbOrTx,
  netuid: number,
  hotkeys: readonly string[],
): Promise<{ commitments: StoredCommitment[]; submissions: StoredSubmission[] }> {
  if (hotkeys.length === 0) return { commitments: [], submissions: [] };
  const [c, s] = await Promise.all([
    db
      .select({
        id: commitments.id,
        hotkey: commitments.hotkey,
        source: commitments.source,
        commitBlock: commitments.commitBlock,
        rawSha256: commitments.rawSha256,
        rawBytes: commitments.rawBytes,
        registrationBlock: commitments.registrationBlock,
      })
      .from(commitments)
      .where(and(eq(commitments.netuid, netuid), inArray(commitments.hotkey, [...hotkeys])))
      .orderBy(commitments.commitBlock, commitments.id),
    db
      .select({
        id: submissions.id,
        hotkey: submissions.hotkey,
        registrationBlock: submissions.registrationBlock,
        pullRef: submissions.pullRef,
      })
      .from(submissions)
      .where(and(eq(submissions.netuid, netuid), inArray(submissions.hotkey, [...hotkeys]))),
  ]);
  return { commitments: c, submissions: s };
}

/**
 * Stores a plan: the commitment rows, the submissions they create, the links between them, and one
 * `submission` notification each, in the caller's transaction. Returns the ids of the new submissions.
 */
export async function storeCommitmentPlan(tx: DbOrTx, plan: readonly PlannedCommitment[]): Promise<number[]> {
  if (plan.length === 0) return [];
  const inserted = await tx
    .insert(commitments)
    .values(
      plan.map((p) => ({
        ...p.values,
        submissionId: p.link.kind === "stored" ? p.link.submissionId : null,
      })),
    )
    .onConflictDoNothing()
    .returning({
      id: commitments.id,
      hotkey: commitments.hotkey,
      source: commitments.source,
      commitBlock: commitments.commitBlock,
      rawSha256: commitments.rawSha256,
    });
  const commitmentIds = new Map(inserted.map((r) => [identityKey(r), r.id]));
  const creating = plan.flatMap((p) => {
    const commitmentId = commitmentIds.get(p.identity);
    return p.link.kind === "create" && commitmentId !== undefined ? [{ ...p.link.values, commitmentId }] : [];
  });
  if (creating.length === 0) return [];
  const created = await tx
    .insert(submissions)
    .values(creating)
    .returning({ id: submissions.id, commitmentId: submissions.commitmentId });
  const byCommitment = new Map(created.map((s) => [s.commitmentId, s.id]));
  const links = plan.flatMap((p) => {
    const commitmentId = commitmentIds.get(p.identity);
    const creator =
      p.link.kind === "create" ? p.identity : p.link.kind === "planned" ? p.link.identity : null;
    const creatorId = creator === null ? undefined : commitmentIds.get(creator);
    const submissionId = creatorId === undefined ? undefined : byCommitment.get(creatorId);
    return commitmentId !== undefined && submissionId !== undefined
      ? [sql`(${commitmentId}::bigint, ${submissionId}::bigint)`]
      : [];
  });
  if (links.length > 0) {
    await tx.execute(sql`
      update ${commitments} set submission_id = v.submission_id
      from (values ${sql.join(links, sql`, `)}) as v(commitment_id, submission_id)
      where ${commitments.id} = v.commitment_id`);
  }
  // In the same transaction: listeners hear of a submission only if it committed.
  for (const s of created) await publishChange(tx, { type: "submission", submissionId: s.id });
  return created.map((s) => s.id);
}
