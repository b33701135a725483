import { and, asc, desc, eq, gt, min, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { emissions, metagraphNeurons, metagraphSnapshots, reigns, submissions } from "../schema";

/** The newest reign with its submission: the king when it is still open, else why the throne is empty. */
export function getLatestReign(db: DbOrTx, netuid: number) {
  return db
    .select({ reign: reigns, submission: submissions })
    .from(reigns)
    .innerJoin(submissions, eq(submissions.id, reigns.submissionId))
    .where(eq(reigns.netuid, netuid))
    .orderBy(desc(reigns.fromBlock), desc(reigns.id))
    .limit(1);
}

export function getLatestSnapshot(db: DbOrTx, netuid: number) {
  return db
    .select()
    .from(metagraphSnapshots)
    .where(eq(metagraphSnapshots.netuid, netuid))
    .orderBy(desc(metagraphSnapshots.blockNumber))
    .limit(1);
}

/** What each epoch after `afterBlock` paid the king in force, and the first block the explorer has. */
export async function getEpochsAfter(db: DbOrTx, netuid: number, afterBlock: number) {
  const [rows, [first]] = await Promise.all([
    db
      .select({
        block: emissions.blockNumber,
        alphaRao: emissions.emissionRao,
        taoRao: emissions.taoValueRao,
      })
      .from(emissions)
      .where(and(eq(emissions.netuid, netuid), gt(emissions.blockNumber, afterBlock)))
      .orderBy(asc(emissions.blockNumber)),
    db
      .select({ block: min(metagraphSnapshots.blockNumber) })
      .from(metagraphSnapshots)
      .where(eq(metagraphSnapshots.netuid, netuid)),
  ]);
  return { epochs: rows, firstBlock: first?.block ?? null };
}

/** The king UID's neuron and the top-incentive neuron (ties: lower UID) of one snapshot, in one query. */
export function getKingAndTopNeurons(db: DbOrTx, snapshotId: number, kingUid: number | null) {
  const top = sql`(select ${metagraphNeurons.uid} from ${metagraphNeurons}
    where ${metagraphNeurons.snapshotId} = ${snapshotId}
    order by ${metagraphNeurons.incentive} desc, ${metagraphNeurons.uid} asc limit 1)`;
  return db
    .select({
      uid: metagraphNeurons.uid,
      incentive: metagraphNeurons.incentive,
      emissionRao: metagraphNeurons.emissionRao,
      isTop: sql<boolean>`${metagraphNeurons.uid} = ${top}`,
    })
    .from(metagraphNeurons)
    .where(
      and(
        eq(metagraphNeurons.snapshotId, snapshotId),
        or(
          sql`${metagraphNeurons.uid} = ${top}`,
          kingUid === null ? undefined : eq(metagraphNeurons.uid, kingUid),
        ),
      ),
    );
}
