import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { commitments, metagraphNeurons, metagraphSnapshots, submissions } from "../schema";

/** Each (UID, registration) the hotkey held, from the first to the last snapshot that shows it. */
function listUidSpans(db: DbOrTx, netuid: number, hotkey: string) {
  return db
    .select({
      uid: metagraphNeurons.uid,
      registrationBlock: metagraphNeurons.registrationBlock,
      // One owner per hotkey on the chain (Owner): a span never mixes two; the newest is the miner's.
      coldkey: sql<string>`(array_agg(${metagraphNeurons.coldkey} order by ${metagraphSnapshots.blockNumber} desc))[1]`,
      firstSeenBlock: sql<number>`min(${metagraphSnapshots.blockNumber})`.mapWith(Number),
      lastSeenBlock: sql<number>`max(${metagraphSnapshots.blockNumber})`.mapWith(Number),
      firstSeenAt: sql<Date>`min(${metagraphSnapshots.blockTime})`.mapWith((v: string | Date) => new Date(v)),
      lastSeenAt: sql<Date>`max(${metagraphSnapshots.blockTime})`.mapWith((v: string | Date) => new Date(v)),
    })
    .from(metagraphNeurons)
    .innerJoin(metagraphSnapshots, eq(metagraphSnapshots.id, metagraphNeurons.snapshotId))
    .where(and(eq(metagraphNeurons.hotkey, hotkey), eq(metagraphSnapshots.netuid, netuid)))
    .groupBy(metagraphNeurons.uid, metagraphNeurons.registrationBlock)
    .orderBy(sql`min(${metagraphSnapshots.blockNumber})`);
}

/** A hotkey's UID spans, every commitment (taken, ignored, unparseable) and its submissions, oldest first. */
export async function getMinerRows(db: DbOrTx, netuid: number, hotkey: string) {
  const [spans, commitmentRows, submissionRows] = await Promise.all([
    listUidSpans(db, netuid, hotkey),
    db
      .select()
      .from(commitments)
      .where(and(eq(commitments.netuid, netuid), eq(commitments.hotkey, hotkey)))
      .orderBy(asc(commitments.commitBlock), asc(commitments.id)),
    db
      .select()
      .from(submissions)
      .where(and(eq(submissions.netuid, netuid), eq(submissions.hotkey, hotkey)))
      .orderBy(asc(submissions.commitBlock), asc(submissions.id)),
  ]);
  return { spans, commitmentRows, submissionRows };
}
