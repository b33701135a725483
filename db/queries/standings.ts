import { and, asc, eq, gt, gte, inArray, isNull, lte, notInArray, or, sql } from "drizzle-orm";
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
  settledBlockOf,
  submissions,
} from "../schema";
import type { KingState } from "@/lib/protocol/king-state";

// The reads of the standings recompute. Everything is per netuid and loaded in bulk (one query per kind),
// so a recompute costs a fixed number of round trips whatever the number of submissions.

export type StandingsSubmission = Awaited<ReturnType<typeof listSubmissionsForStandings>>[number];

const standingsColumns = {
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
};

/**
 * The submissions a standings pass frozen at `frozenBlock` must derive again: those not settled at it
 * (schema settledBlockOf), those with a run no pass has processed, and the kings of reigns that can still
 * change (a reign's end turns its king's standing to `former_king`), and `alsoIds`. Every submission before
 * the first pass.
 */
export function listSubmissionsForStandings(
  db: DbOrTx,
  netuid: number,
  frozenBlock: number | null,
  alsoIds: readonly number[] = [],
) {
  const query = db.select(standingsColumns).from(submissions);
  if (frozenBlock === null) return query.where(eq(submissions.netuid, netuid)).orderBy(asc(submissions.id));
  const settled = settledBlockOf(submissions.finality);
  // A union of index scans: the settled index, the unprocessed runs' partial index and the open reigns.
  const ids = sql`select ${submissions.id} from ${submissions}
      where ${submissions.netuid} = ${netuid} and (${settled} is null or ${settled} > ${frozenBlock})
    union select ${runs.submissionId} from ${runs} where ${runs.counted} is null
    union select ${reigns.submissionId} from ${reigns}
      where ${reigns.netuid} = ${netuid} and (${reigns.toBlock} is null or ${reigns.toBlock} > ${frozenBlock})
    ${alsoIds.length === 0 ? sql`` : sql`union select unnest(${`{${alsoIds.join(",")}}`}::bigint[])`}`;
  return query
    .where(and(eq(submissions.netuid, netuid), sql`${submissions.id} in (${ids})`))
    .orderBy(asc(submissions.id));
}

/**
 * The other submissions of the given digests: a copy is judged against every earlier commit of its digest,
 * settled or not.
 */
export function listDigestPeers(
  db: DbOrTx,
  netuid: number,
  digests: readonly string[],
  exceptIds: readonly number[],
) {
  if (digests.length === 0) return Promise.resolve([]);
  return db
    .select(standingsColumns)
    .from(submissions)
    .where(
      and(
        eq(submissions.netuid, netuid),
        inArray(submissions.digest, [...new Set(digests)]),
        exceptIds.length === 0 ? sql`true` : notInArray(submissions.id, [...exceptIds]),
      ),
    )
    .orderBy(asc(submissions.id));
}

export type ConsensusRunRow = Awaited<ReturnType<typeof listRunsForStandings>>[number];

/** The anchor block of the oldest run of the given submissions; null when they have none. */
export async function getOldestAnchor(db: DbOrTx, submissionIds: readonly number[]): Promise<number | null> {
  if (submissionIds.length === 0) return null;
  // The runs by submission, fenced (offset 0): asked for min() directly, the planner walks the anchor index
  // from the oldest run of the whole history until it meets one of these.
  const ids = sql`${`{${submissionIds.join(",")}}`}::bigint[]`;
  const [row] = await executeRows<{ block: number | string | null }>(
    db,
    sql`select min(anchor_block) as block
        from (select ${runs.anchorBlock} from ${runs} where ${runs.submissionId} = any(${ids}) offset 0) theirs`,
  );
  return row?.block == null ? null : Number(row.block);
}

/**
 * The runs a standings pass needs, without envelopes and prompts, anchored at or before `ingestedBlock`: every
 * run of the given submissions (their verdicts and validators' agreement are derived again), and every run
 * anchored from `windowStart` on (which validators were active).
 */
export function listRunsForStandings(
  db: DbOrTx,
  netuid: number,
  options: { ingestedBlock: number; windowStart: number; submissionIds: readonly number[] },
) {
  const ids = options.submissionIds;
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
        ids.length === 0
          ? gte(runs.anchorBlock, options.windowStart)
          : or(gte(runs.anchorBlock, options.windowStart), inArray(runs.submissionId, [...ids])),
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
    // Lateral, fenced (offset 0) so it is not flattened: each snapshot's neurons by its primary key. As a join,
    // the planner misjudges the snapshots in the window and hashes every neuron of every snapshot.
    sql`select s.block_number, n.hotkey, n.stake_rao::text as stake_rao
        from ${metagraphSnapshots} s
        left join lateral (select hotkey, stake_rao from ${metagraphNeurons}
                           where snapshot_id = s.id and validator_permit offset 0) n on true
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

/** Of the given submissions, those with a progress event for a run not posted yet: a runner is on it. */
export async function listSubmissionsInFlight(
  db: DbOrTx,
  submissionIds: readonly number[],
): Promise<Set<number>> {
  if (submissionIds.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ submissionId: runProgress.submissionId })
    .from(runProgress)
    .where(
      and(
        inArray(runProgress.submissionId, [...submissionIds]),
        sql`not exists (select 1 from ${runs} where ${runs.runId} = ${runProgress.runId})`,
      ),
    );
  return new Set(rows.flatMap((r) => (r.submissionId === null ? [] : [r.submissionId])));
}

export type SnapshotRow = Awaited<ReturnType<typeof listSnapshots>>[number];

/**
 * The snapshots of a subnet, or with `afterBlock` those after it and the last one at or before it (the
 * nearest known block time below the blocks a pass still writes).
 */
export function listSnapshots(db: DbOrTx, netuid: number, afterBlock: number | null = null) {
  const from =
    afterBlock === null
      ? sql`true`
      : sql`${metagraphSnapshots.blockNumber} >= coalesce((select max(block_number) from ${metagraphSnapshots}
              where netuid = ${netuid} and block_number <= ${afterBlock}), 0)`;
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
    .where(and(eq(metagraphSnapshots.netuid, netuid), from))
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

/** A UID's hotkey differing from its previous snapshot's, with the blocks that date the change. */
export interface HotkeyChange {
  snapshotBlock: number;
  previousBlock: number | null;
  uid: number;
  hotkey: string;
  registrationBlock: number;
}

interface HotkeyChangeRow extends Record<string, unknown> {
  snapshot_block: number | string;
  previous_block: number | string | null;
  uid: number;
  hotkey: string;
  registration_block: number | string;
}

/**
 * Per UID, each snapshot whose hotkey differs from the UID's previous snapshot (and each UID's first
 * appearance). Computed in SQL so only the changes cross the wire, not every neuron of every epoch.
 */
export async function listHotkeyChanges(
  db: DbOrTx,
  netuid: number,
  afterBlock: number | null = null,
): Promise<HotkeyChange[]> {
  // After a frozen block only later snapshots matter, compared with the last one at or before it. Each
  // snapshot's neurons are read by its key (lateral), never by a scan of every snapshot's.
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
          from ${metagraphSnapshots} s
          cross join lateral (select uid, hotkey, registration_block from ${metagraphNeurons}
                              where snapshot_id = s.id offset 0) n
          where s.netuid = ${netuid} and s.block_number >= ${base}
          window w as (partition by n.uid order by s.block_number)
        ) c
        where previous_hotkey is distinct from hotkey
          and ${afterBlock === null ? sql`true` : sql`snapshot_block > ${afterBlock}`}
        order by snapshot_block, uid`,
  );
  // Drivers differ on bigint columns (string on one, number on the other): normalise here, once.
  return rows.map((r) => ({
    snapshotBlock: Number(r.snapshot_block),
    previousBlock: r.previous_block === null ? null : Number(r.previous_block),
    uid: Number(r.uid),
    hotkey: r.hotkey,
    registrationBlock: Number(r.registration_block),
  }));
}

/** The Emission of the given UIDs at every snapshot after `afterBlock` (the king UIDs' pay, epoch by epoch). */
export async function listUidEmissions(
  db: DbOrTx,
  netuid: number,
  uids: readonly number[],
  afterBlock: number | null = null,
) {
  if (uids.length === 0) return [];
  return db
    .select({
      snapshotId: metagraphNeurons.snapshotId,
      uid: metagraphNeurons.uid,
      emissionRao: metagraphNeurons.emissionRao,
    })
    .from(metagraphNeurons)
    .where(
      and(
        inArray(metagraphNeurons.uid, [...uids]),
        // By snapshot key, not a join the planner may answer with a scan of every neuron.
        inArray(
          metagraphNeurons.snapshotId,
          db
            .select({ id: metagraphSnapshots.id })
            .from(metagraphSnapshots)
            .where(
              and(
                eq(metagraphSnapshots.netuid, netuid),
                afterBlock === null ? sql`true` : gt(metagraphSnapshots.blockNumber, afterBlock),
              ),
            ),
        ),
      ),
    );
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

/** The reigns of a subnet, or with `afterBlock` those still open or ended after it (all that can change). */
export function listReignRows(
  db: DbOrTx,
  netuid: number,
  afterBlock: number | null = null,
): Promise<ReignRow[]> {
  const open = afterBlock === null ? sql`true` : or(isNull(reigns.toBlock), gt(reigns.toBlock, afterBlock));
  return db
    .select()
    .from(reigns)
    .where(and(eq(reigns.netuid, netuid), open))
    .orderBy(asc(reigns.fromBlock));
}

/** The per-epoch emission rows of a subnet, or with `afterBlock` those after it. */
export function listEmissionRows(
  db: DbOrTx,
  netuid: number,
  afterBlock: number | null = null,
): Promise<EmissionRow[]> {
  const after = afterBlock === null ? sql`true` : gt(emissions.blockNumber, afterBlock);
  return db
    .select()
    .from(emissions)
    .where(and(eq(emissions.netuid, netuid), after))
    .orderBy(asc(emissions.blockNumber));
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

export interface ReignWindowKey {
  submissionId: number;
  fromBlock: number;
  toBlock: number | null;
}

interface ReignTotalRow extends Record<string, unknown> {
  submission_id: number | string;
  from_block: number | string;
  alpha_rao: string;
  tao_rao: string;
  epochs: number | string;
  epochs_without_price: number | string;
}

/**
 * What each reign's king was paid, summed from the stored per-epoch emission rows of its window (an epoch pays
 * for the blocks before it: fromBlock < block <= toBlock), so a pass reads a reign's epochs in one indexed sum
 * instead of the neurons of every epoch. Keyed by `${fromBlock}/${submissionId}`.
 */
export async function sumReignEmissions(db: DbOrTx, netuid: number, windows: readonly ReignWindowKey[]) {
  const totals = new Map<
    string,
    { alphaRao: bigint; taoRao: bigint; epochs: number; epochsWithoutPrice: number }
  >();
  if (windows.length === 0) return totals;
  const rows = await executeRows<ReignTotalRow>(
    db,
    sql`select w."submissionId" as submission_id, w."fromBlock" as from_block,
          coalesce(sum(e.emission_rao), 0)::text as alpha_rao,
          coalesce(sum(e.tao_value_rao), 0)::text as tao_rao,
          count(e.block_number) as epochs,
          count(e.block_number) filter (where e.tao_value_rao is null) as epochs_without_price
        from jsonb_to_recordset(${JSON.stringify(windows)}::jsonb)
          as w("submissionId" bigint, "fromBlock" bigint, "toBlock" bigint)
          left join ${emissions} e on e.netuid = ${netuid} and e.king_submission_id = w."submissionId"
            and e.block_number > w."fromBlock" and (w."toBlock" is null or e.block_number <= w."toBlock")
        group by w."submissionId", w."fromBlock"`,
  );
  for (const r of rows) {
    totals.set(`${Number(r.from_block)}/${Number(r.submission_id)}`, {
      alphaRao: BigInt(r.alpha_rao),
      taoRao: BigInt(r.tao_rao),
      epochs: Number(r.epochs),
      epochsWithoutPrice: Number(r.epochs_without_price),
    });
  }
  return totals;
}
