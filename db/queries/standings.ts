import { and, asc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { executeRows, type DbOrTx } from "../client";
import {
  chainCursor,
  emissions,
  metagraphNeurons,
  metagraphSnapshots,
  reigns,
  runProgress,
  runs,
  submissions,
} from "../schema";

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
    })
    .from(submissions)
    .where(eq(submissions.netuid, netuid))
    .orderBy(asc(submissions.id));
}

export type ConsensusRunRow = Awaited<ReturnType<typeof listRunsForConsensus>>[number];

/** Every run of the subnet's submissions, without the envelope and prompts (the consensus needs neither). */
export function listRunsForConsensus(db: DbOrTx, netuid: number) {
  return db
    .select({
      runId: runs.runId,
      submissionId: runs.submissionId,
      validatorHotkey: runs.validatorHotkey,
      outcome: runs.outcome,
      failureReason: runs.failureReason,
      score: runs.score,
      finishedAt: runs.finishedAt,
      medianTtftMs: runs.medianTtftMs,
      medianThroughputTps: runs.medianThroughputTps,
      tokenMatchRate: runs.tokenMatchRate,
      ttftImprovement: runs.ttftImprovement,
      throughputImprovement: runs.throughputImprovement,
    })
    .from(runs)
    .innerJoin(submissions, eq(submissions.id, runs.submissionId))
    .where(eq(submissions.netuid, netuid));
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
export async function listHotkeyChanges(db: DbOrTx, netuid: number): Promise<HotkeyChangeRow[]> {
  const rows = await executeRows<HotkeyChangeRow>(
    db,
    sql`select snapshot_block, previous_block, uid, hotkey, registration_block from (
          select s.block_number as snapshot_block, n.uid, n.hotkey, n.registration_block,
                 lag(n.hotkey) over w as previous_hotkey, lag(s.block_number) over w as previous_block
          from ${metagraphNeurons} n join ${metagraphSnapshots} s on s.id = n.snapshot_id
          where s.netuid = ${netuid}
          window w as (partition by n.uid order by s.block_number)
        ) c
        where previous_hotkey is distinct from hotkey
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
