import { and, asc, eq, sql } from "drizzle-orm";
import type { MinerResponse } from "@/lib/schemas/miners";
import type { DbOrTx } from "../client";
import { commitments, metagraphNeurons, metagraphSnapshots, submissions } from "../schema";
import { toCommitmentView } from "./submission-detail";
import { toSubmissionSummary } from "./views";

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

/** A hotkey's UID history, every commitment (taken, ignored, unparseable) and submissions; null if unknown. */
export async function getMinerView(
  db: DbOrTx,
  netuid: number,
  hotkey: string,
): Promise<MinerResponse | null> {
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
  if (spans.length === 0 && commitmentRows.length === 0 && submissionRows.length === 0) return null;
  return {
    hotkey,
    coldkey: spans.at(-1)?.coldkey ?? null,
    uidHistory: spans.map((s) => ({
      uid: s.uid,
      registrationBlock: s.registrationBlock,
      firstSeenBlock: s.firstSeenBlock,
      lastSeenBlock: s.lastSeenBlock,
      firstSeenAt: s.firstSeenAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
    })),
    commitments: commitmentRows.map(toCommitmentView),
    submissions: submissionRows.map(toSubmissionSummary),
  };
}
