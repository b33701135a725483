import { and, asc, eq, gt, isNull, ne, notExists, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { jobLeases, jobSeeds, runs, submissions } from "../schema";

/**
 * A run that counts as this validator's evaluation of a submission. `runner_error` is the validator's own
 * fault and is never counted against the miner, so such a run leaves the job open for another try.
 */
function countedRunBy(db: DbOrTx, submissionId: typeof submissions.id | number, hotkey: string) {
  return db
    .select({ one: sql`1` })
    .from(runs)
    .where(
      and(
        eq(runs.submissionId, submissionId),
        eq(runs.validatorHotkey, hotkey),
        or(isNull(runs.failureReason), ne(runs.failureReason, "runner_error")),
      ),
    );
}

/**
 * Pins the prompt seed of every submission that has none yet: the first metagraph snapshot (an epoch
 * boundary, whose block hash the explorer stores) at or after the commit block. Deterministic, known to every
 * validator alike, and not knowable by the miner when the image became visible. A submission committed after
 * the latest snapshot gets its seed at the next epoch; until then it is not offered as a job.
 */
export async function pinJobSeeds(db: DbOrTx, netuid: number, now: Date): Promise<void> {
  await db.execute(sql`
    insert into job_seeds (submission_id, seed_block, seed_block_hash, pinned_at)
    select s.id, m.block_number, m.block_hash, ${now.toISOString()}::timestamptz
    from submissions s
    cross join lateral (
      select block_number, block_hash from metagraph_snapshots
      where netuid = s.netuid and block_number >= s.commit_block
      order by block_number, id
      limit 1
    ) m
    where s.netuid = ${netuid}
      and not exists (select 1 from job_seeds j where j.submission_id = s.id)
    on conflict (submission_id) do nothing`);
}

export interface JobRow {
  submissionId: number;
  hotkey: string;
  uid: number;
  image: string;
  digest: string;
  pullRef: string;
  commitBlock: number;
  seedBlock: number;
  seedBlockHash: string;
  leasedAt: Date | null;
  expiresAt: Date | null;
}

/**
 * Submissions with a pinned seed that this validator has not evaluated yet, oldest commit first (ties: lower
 * UID), with this validator's own unexpired lease. Leases are per validator: another validator's lease hides
 * nothing, since every permitted validator may evaluate every submission. A copy of the king is disqualified
 * without a run, so it is not offered.
 */
export async function listJobs(
  db: DbOrTx,
  options: { netuid: number; hotkey: string; now: Date; limit: number },
): Promise<JobRow[]> {
  const { netuid, hotkey, now, limit } = options;
  return db
    .select({
      submissionId: submissions.id,
      hotkey: submissions.hotkey,
      uid: submissions.uid,
      image: submissions.image,
      digest: submissions.digest,
      pullRef: submissions.pullRef,
      commitBlock: submissions.commitBlock,
      seedBlock: jobSeeds.seedBlock,
      seedBlockHash: jobSeeds.seedBlockHash,
      leasedAt: jobLeases.leasedAt,
      expiresAt: jobLeases.expiresAt,
    })
    .from(submissions)
    .innerJoin(jobSeeds, eq(jobSeeds.submissionId, submissions.id))
    .leftJoin(
      jobLeases,
      and(
        eq(jobLeases.submissionId, submissions.id),
        eq(jobLeases.validatorHotkey, hotkey),
        gt(jobLeases.expiresAt, now),
      ),
    )
    .where(
      and(
        eq(submissions.netuid, netuid),
        sql`${submissions.standing} is distinct from 'duplicate'`,
        notExists(countedRunBy(db, submissions.id, hotkey)),
      ),
    )
    .orderBy(asc(submissions.commitBlock), asc(submissions.uid), asc(submissions.id))
    .limit(limit);
}

export async function getSubmissionOfSubnet(db: DbOrTx, netuid: number, submissionId: number) {
  const [row] = await db
    .select({ id: submissions.id, hotkey: submissions.hotkey })
    .from(submissions)
    .where(and(eq(submissions.id, submissionId), eq(submissions.netuid, netuid)))
    .limit(1);
  return row ?? null;
}

export async function hasCountedRun(db: DbOrTx, submissionId: number, hotkey: string): Promise<boolean> {
  const rows = await countedRunBy(db, submissionId, hotkey).limit(1);
  return rows.length > 0;
}

/**
 * Claims or renews this validator's lease. A renewal keeps the original claim time while the lease is alive
 * and never shortens it (two renewals can arrive out of order); an expired lease claimed again starts afresh.
 */
export async function upsertLease(
  db: DbOrTx,
  lease: { submissionId: number; hotkey: string; now: Date; expiresAt: Date },
): Promise<{ leasedAt: Date; expiresAt: Date }> {
  const [row] = await db
    .insert(jobLeases)
    .values({
      submissionId: lease.submissionId,
      validatorHotkey: lease.hotkey,
      leasedAt: lease.now,
      expiresAt: lease.expiresAt,
    })
    .onConflictDoUpdate({
      target: [jobLeases.submissionId, jobLeases.validatorHotkey],
      set: {
        leasedAt: sql`case when ${jobLeases.expiresAt} > excluded.leased_at then ${jobLeases.leasedAt} else excluded.leased_at end`,
        expiresAt: sql`greatest(${jobLeases.expiresAt}, excluded.expires_at)`,
      },
    })
    .returning({ leasedAt: jobLeases.leasedAt, expiresAt: jobLeases.expiresAt });
  if (row === undefined) throw new Error("upsert of job_leases returned no row");
  return row;
}
