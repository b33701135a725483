import { and, asc, eq, gte, inArray, isNotNull, lte, or, sql } from "drizzle-orm";
import { executeRows, type DbOrTx } from "../client";
import {
  chainCursor,
  emissions,
  metagraphNeurons,
  metagraphSnapshots,
  reigns,
  runProgress,
  runs,
  standingsState,
  submissions,
} from "../schema";
import type { KingState } from "@/lib/protocol/king-state";

// The reads of the standings recompute. Everything is per netuid and loaded in bulk (one query per kind),
// so a recompute costs a fixed number of round trips whatever the number of submissions.

export type StandingsSubmission = Awaited<ReturnType<typeof listSubmissionsForStandings>>[number];

export function listSubmissionsForStandings(db: DbOrTx, netuid: number) {
  return db
    .select({
      id: submissions.id,
      hotkey: submissions.hotkey,
      uid: submissions.uid,
      digest: submissions.digest,
      commitBlock: submissions.commitBlock,
      status: submissions.status,
      consensusScore: submissions.consensusScore,
      consensusTtftImprovement: submissions.consensusTtftImprovement,
      consensusThroughputImprovement: submissions.consensusThroughputImprovement,
      consensusTokenMatchRate: submissions.consensusTokenMatchRate,
      consensusTtftMs: submissions.consensusTtftMs,
      consensusThroughputTps: submissions.consensusThroughputTps,
      consensusRuns: submissions.consensusRuns,
      failureReason: submissions.failureReason,
      validatorsAgreeing: submissions.validatorsAgreeing,
      validatorsTotal: submissions.validatorsTotal,
      finalBlock: submissions.finalBlock,
      finalAt: submissions.finalAt,
      standing: submissions.standing,
      judgedAgainstId: submissions.judgedAgainstId,
      judgedThreshold: submissions.judgedThreshold,
      finality: submissions.finality,
      duplicateOfId: submissions.duplicateOfId,
    })
    .from(submissions)
    .where(eq(submissions.netuid, netuid))
    .orderBy(asc(submissions.id));
}

export type ConsensusRunRow = Awaited<ReturnType<typeof listRunsForStandings>>[number];

/** Final at or before the frozen block: such a verdict is read back, never recomputed. */
const frozenFinal = (frozenBlock: number | null) =>
  frozenBlock === null
    ? sql`false`
    : sql`coalesce((${submissions.finality} ->> 'status') = 'final'
                   and (${submissions.finality} ->> 'block')::bigint <= ${frozenBlock}, false)`;

/**
 * The anchor block of the oldest run the next pass must weigh: of runs of submissions whose verdict is not
 * final yet (null when there are none). Activity is judged over a window before it.
 */
export async function getOldestOpenAnchor(
  db: DbOrTx,
  netuid: number,
  frozenBlock: number | null,
): Promise<number | null> {
  const [row] = await db
    .select({
      block: sql<number | null>`min(${runs.anchorBlock})`.mapWith((v) => (v === null ? null : Number(v))),
    })
    .from(runs)
    .innerJoin(submissions, eq(submissions.id, runs.submissionId))
    .where(and(eq(submissions.netuid, netuid), sql`not ${frozenFinal(frozenBlock)}`));
  return row?.block ?? null;
}

/**
 * The runs a standings pass needs, without envelopes and prompts, anchored at or before `ingestedBlock`: every
 * run of a submission not final yet or with a run not processed yet (its validators' agreement is measured
 * again), and every run anchored from `windowStart` on (which validators were active).
 */
export function listRunsForStandings(
  db: DbOrTx,
  netuid: number,
  options: { ingestedBlock: number; windowStart: number; frozenBlock: number | null },
) {
  const touched = db
    .selectDistinct({ id: runs.submissionId })
    .from(runs)
    .where(sql`${runs.counted} is null`);
  return db
    .select({
      runId: runs.runId,
      submissionId: runs.submissionId,
      validatorHotkey: runs.validatorHotkey,
      outcome: runs.outcome,
      failureReason: runs.failureReason,
      score: runs.score,
      finishedAt: runs.finishedAt,
      receivedAt: runs.receivedAt,
      anchorBlock: runs.anchorBlock,
      counted: runs.counted,
      afterVerdict: runs.afterVerdict,
      medianTtftMs: runs.medianTtftMs,
      medianThroughputTps: runs.medianThroughputTps,
      tokenMatchRate: runs.tokenMatchRate,
      ttftImprovement: runs.ttftImprovement,
      throughputImprovement: runs.throughputImprovement,
    })
    .from(runs)
    .innerJoin(submissions, eq(submissions.id, runs.submissionId))
    .where(
      and(
        eq(submissions.netuid, netuid),
        lte(runs.anchorBlock, options.ingestedBlock),
        or(
          sql`not ${frozenFinal(options.frozenBlock)}`,
          gte(runs.anchorBlock, options.windowStart),
          inArray(runs.submissionId, touched),
        ),
      ),
    )
    .orderBy(asc(runs.anchorBlock), asc(runs.receivedAt), asc(runs.runId));
}

export interface PermitRow extends Record<string, unknown> {
  block_number: number | string;
  hotkey: string | null;
  stake_rao: string | null;
}

/**
 * The permitted validators' stakes of every snapshot in force from `fromBlock` on (the one in force at it
 * included), one row per validator, and one row without a hotkey for a snapshot where no one holds a permit.
 */
export async function listPermitSnapshots(db: DbOrTx, netuid: number, fromBlock: number) {
  const rows = await executeRows<PermitRow>(
    db,
    sql`select s.block_number, n.hotkey, n.stake_rao::text as stake_rao
        from ${metagraphSnapshots} s
        left join ${metagraphNeurons} n on n.snapshot_id = s.id and n.validator_permit
        where s.netuid = ${netuid}
          and s.block_number >= coalesce((select max(block_number) from ${metagraphSnapshots}
                                          where netuid = ${netuid} and block_number <= ${fromBlock}), 0)
        order by s.block_number`,
  );
  const byBlock = new Map<number, Map<string, bigint>>();
  for (const r of rows) {
    const block = Number(r.block_number);
    const stakes = byBlock.get(block) ?? new Map<string, bigint>();
    byBlock.set(block, stakes);
    if (r.hotkey !== null && r.stake_rao !== null) stakes.set(r.hotkey, BigInt(r.stake_rao));
  }
  return [...byBlock].map(([block, stakes]) => ({ block, stakes }));
}

/** Submissions with a progress event for a run that has not been posted yet: a runner is on it. */
export async function listSubmissionsInFlight(db: DbOrTx, netuid: number): Promise<Set<number>> {
  const rows = await db
    .selectDistinct({ submissionId: runProgress.submissionId })
    .from(runProgress)
    .innerJoin(submissions, eq(submissions.id, runProgress.submissionId))
    .where(
      and(
        eq(submissions.netuid, netuid),
        isNotNull(runProgress.submissionId),
        sql`not exists (select 1 from ${runs} where ${runs.runId} = ${runProgress.runId})`,
      ),
    );
  return new Set(rows.flatMap((r) => (r.submissionId === null ? [] : [r.submissionId])));
}

export type SnapshotRow = Awaited<ReturnType<typeof listSnapshots>>[number];

export function listSnapshots(db: DbOrTx, netuid: number) {
  return db
    .select({
      id: metagraphSnapshots.id,
      blockNumber: metagraphSnapshots.blockNumber,
      blockTime: metagraphSnapshots.blockTime,
      tempo: metagraphSnapshots.tempo,
      kind: metagraphSnapshots.kind,
      subnetTaoRao: metagraphSnapshots.subnetTaoRao,
      subnetAlphaInRao: metagraphSnapshots.subnetAlphaInRao,
      alphaPriceTao: metagraphSnapshots.alphaPriceTao,
      priceSource: metagraphSnapshots.priceSource,
      alphaPriceRao: metagraphSnapshots.alphaPriceRao,
      swapQuoteWeight: metagraphSnapshots.swapQuoteWeight,
    })
    .from(metagraphSnapshots)
    .where(eq(metagraphSnapshots.netuid, netuid))
    .orderBy(asc(metagraphSnapshots.blockNumber));
}

/**
 * Hotkey and stake of every permitted validator in a snapshot. `stakeRao` is the chain's stake weight (alpha +
 * TaoWeight × root TAO, RAO), as the chain's own consensus weighs validators.
 */
export function listPermittedValidators(db: DbOrTx, snapshotId: number) {
  return db
    .select({ hotkey: metagraphNeurons.hotkey, stakeRao: metagraphNeurons.stakeRao })
    .from(metagraphNeurons)
    .where(and(eq(metagraphNeurons.snapshotId, snapshotId), eq(metagraphNeurons.validatorPermit, true)));
}

export interface HotkeyChangeRow extends Record<string, unknown> {
  snapshot_block: number;
  previous_block: number | null;
  uid: number;
  hotkey: string;
  registration_block: number;
}

/**
 * Per UID, each snapshot whose hotkey differs from the UID's previous snapshot (and each UID's first
 * appearance). Computed in SQL so only the changes cross the wire, not every neuron of every epoch.
 */
export async function listHotkeyChanges(
  db: DbOrTx,
  netuid: number,
  afterBlock: number | null = null,
): Promise<HotkeyChangeRow[]> {
  // After a frozen block only later snapshots matter, compared with the last one at or before it.
  const base =
    afterBlock === null
      ? sql`0`
      : sql`coalesce((select max(block_number) from ${metagraphSnapshots}
                      where netuid = ${netuid} and block_number <= ${afterBlock}), 0)`;
  const rows = await executeRows<HotkeyChangeRow>(
    db,
    sql`select snapshot_block, previous_block, uid, hotkey, registration_block from (
          select s.block_number as snapshot_block, n.uid, n.hotkey, n.registration_block,
                 lag(n.hotkey) over w as previous_hotkey, lag(s.block_number) over w as previous_block
          from ${metagraphNeurons} n join ${metagraphSnapshots} s on s.id = n.snapshot_id
          where s.netuid = ${netuid} and s.block_number >= ${base}
          window w as (partition by n.uid order by s.block_number)
        ) c
        where previous_hotkey is distinct from hotkey
          and ${afterBlock === null ? sql`true` : sql`snapshot_block > ${afterBlock}`}
        order by snapshot_block, uid`,
  );
  // Drivers differ on bigint columns (string on one, number on the other): normalise here, once.
  return rows.map((r) => ({
    snapshot_block: Number(r.snapshot_block),
    previous_block: r.previous_block === null ? null : Number(r.previous_block),
    uid: Number(r.uid),
    hotkey: r.hotkey,
    registration_block: Number(r.registration_block),
  }));
}

/** The Emission of the given UIDs at every snapshot (the king UIDs' pay, epoch by epoch). */
export async function listUidEmissions(db: DbOrTx, netuid: number, uids: readonly number[]) {
  if (uids.length === 0) return [];
  return db
    .select({
      snapshotId: metagraphNeurons.snapshotId,
      uid: metagraphNeurons.uid,
      emissionRao: metagraphNeurons.emissionRao,
    })
    .from(metagraphNeurons)
    .innerJoin(metagraphSnapshots, eq(metagraphSnapshots.id, metagraphNeurons.snapshotId))
    .where(and(eq(metagraphSnapshots.netuid, netuid), inArray(metagraphNeurons.uid, [...uids])));
}

/**
 * The newest block whose chain state is in the database: the ingest cursor of the network, else the latest
 * snapshot (a database fed only with snapshots, as in tests and backfills); null when nothing is known.
 */
export async function getKnownHeadBlock(db: DbOrTx, network: string, netuid: number): Promise<number | null> {
  const [cursor] = await db
    .select({ block: chainCursor.blockNumber })
    .from(chainCursor)
    .where(and(eq(chainCursor.network, network), eq(chainCursor.netuid, netuid)));
  if (cursor) return cursor.block;
  const [snapshot] = await db
    .select({ block: sql<number>`max(${metagraphSnapshots.blockNumber})`.mapWith(Number) })
    .from(metagraphSnapshots)
    .where(eq(metagraphSnapshots.netuid, netuid));
  return snapshot?.block ?? null;
}

export type ReignRow = typeof reigns.$inferSelect;
export type EmissionRow = typeof emissions.$inferSelect;

export function listReignRows(db: DbOrTx, netuid: number): Promise<ReignRow[]> {
  return db.select().from(reigns).where(eq(reigns.netuid, netuid)).orderBy(asc(reigns.fromBlock));
}

export function listEmissionRows(db: DbOrTx, netuid: number): Promise<EmissionRow[]> {
  return db.select().from(emissions).where(eq(emissions.netuid, netuid)).orderBy(asc(emissions.blockNumber));
}

/** The king state at the last frozen block of a subnet; null before the first pass. */
export async function getStandingsState(
  db: DbOrTx,
  netuid: number,
): Promise<{ block: number; king: KingState } | null> {
  const [row] = await db
    .select({ block: standingsState.block, king: standingsState.king })
    .from(standingsState)
    .where(eq(standingsState.netuid, netuid));
  return row ?? null;
}
