import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, max, min, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../client";
import {
  chainCursor,
  commitments,
  metagraphNeurons,
  metagraphSnapshots,
  officialFetchState,
  officialLogs,
  officialRecords,
  officialSnapshots,
  submissions,
} from "../schema";

export type OfficialRecordRow = typeof officialRecords.$inferSelect;
export type OfficialFetchStateRow = typeof officialFetchState.$inferSelect;
export type OfficialLogRow = typeof officialLogs.$inferSelect;

export interface IncomingRecord {
  recordKey: string;
  schema: string;
  raw: unknown;
  rawSha256: string;
  uid: number | null;
  hotkey: string | null;
  commitBlock: number | null;
  block: number | null;
}

export interface StoreResult {
  added: number;
  changed: number;
  unchanged: number;
}

/**
 * Stores records as fetched: a known (key, content) only moves `last_fetched_at`; new content for a known key
 * is a new version beside the old one (the source changed a record it calls immutable).
 */
export async function storeOfficialRecords(
  db: Db,
  kind: string,
  route: string,
  records: readonly IncomingRecord[],
  now: Date,
): Promise<StoreResult> {
  const result: StoreResult = { added: 0, changed: 0, unchanged: 0 };
  await db.transaction(async (tx) => {
    for (const r of records) {
      const same = await tx
        .update(officialRecords)
        .set({ lastFetchedAt: now })
        .where(
          and(
            eq(officialRecords.kind, kind),
            eq(officialRecords.recordKey, r.recordKey),
            eq(officialRecords.rawSha256, r.rawSha256),
          ),
        )
        .returning({ id: officialRecords.id });
      if (same.length > 0) {
        result.unchanged += 1;
        continue;
      }
      const [latest] = await tx
        .select({ version: max(officialRecords.version) })
        .from(officialRecords)
        .where(and(eq(officialRecords.kind, kind), eq(officialRecords.recordKey, r.recordKey)));
      const version = (latest?.version ?? 0) + 1;
      await tx.insert(officialRecords).values({
        kind,
        recordKey: r.recordKey,
        version,
        schema: r.schema,
        raw: r.raw,
        rawSha256: r.rawSha256,
        route,
        uid: r.uid,
        hotkey: r.hotkey,
        commitBlock: r.commitBlock,
        block: r.block,
        firstFetchedAt: now,
        lastFetchedAt: now,
      });
      if (version > 1) result.changed += 1;
      else result.added += 1;
    }
  });
  return result;
}

export async function listOfficialRecords(db: DbOrTx, kind: string): Promise<OfficialRecordRow[]> {
  return db
    .select()
    .from(officialRecords)
    .where(eq(officialRecords.kind, kind))
    .orderBy(desc(officialRecords.block), asc(officialRecords.recordKey), asc(officialRecords.version));
}

export async function listOfficialRecordsOfHotkey(db: DbOrTx, hotkey: string): Promise<OfficialRecordRow[]> {
  return db
    .select()
    .from(officialRecords)
    .where(and(eq(officialRecords.kind, "evaluation"), eq(officialRecords.hotkey, hotkey)))
    .orderBy(desc(officialRecords.block), asc(officialRecords.version));
}

export async function putOfficialSnapshot(db: DbOrTx, route: string, raw: unknown, now: Date): Promise<void> {
  await db
    .insert(officialSnapshots)
    .values({ route, raw, fetchedAt: now })
    .onConflictDoUpdate({ target: officialSnapshots.route, set: { raw, fetchedAt: now } });
}

export async function listOfficialSnapshots(db: DbOrTx) {
  return db.select().from(officialSnapshots);
}

export async function getOfficialFetchState(
  db: DbOrTx,
  route: string,
): Promise<OfficialFetchStateRow | null> {
  const rows = await db.select().from(officialFetchState).where(eq(officialFetchState.route, route)).limit(1);
  return rows[0] ?? null;
}

export async function listOfficialFetchStates(db: DbOrTx): Promise<OfficialFetchStateRow[]> {
  return db.select().from(officialFetchState).orderBy(asc(officialFetchState.route));
}

export type FetchStateUpdate = Omit<OfficialFetchStateRow, "route" | "lastOkAt" | "bodySha256"> & {
  ok: boolean;
  bodySha256?: string | null;
};

export async function recordOfficialFetch(
  db: DbOrTx,
  route: string,
  update: FetchStateUpdate,
): Promise<void> {
  const { ok, ...rest } = update;
  const values = {
    ...rest,
    ...(ok ? { lastOkAt: update.lastFetchedAt } : {}),
    ...(update.bodySha256 === undefined ? {} : { bodySha256: update.bodySha256 }),
  };
  await db
    .insert(officialFetchState)
    .values({ route, ...values })
    .onConflictDoUpdate({ target: officialFetchState.route, set: values });
}

export interface LogIndexEntry {
  label: string;
  filename: string;
  sizeBytes: number | null;
}

export async function upsertOfficialLogIndex(
  db: DbOrTx,
  source: "container" | "validator",
  logs: readonly LogIndexEntry[],
  now: Date,
): Promise<void> {
  if (logs.length === 0) return;
  await db
    .insert(officialLogs)
    .values(logs.map((l) => ({ ...l, source, listedAt: now })))
    .onConflictDoUpdate({
      target: officialLogs.label,
      set: { filename: sql`excluded.filename`, sizeBytes: sql`excluded.size_bytes` },
    });
}

export async function listOfficialLogs(db: DbOrTx): Promise<Omit<OfficialLogRow, "text">[]> {
  return db
    .select({
      label: officialLogs.label,
      source: officialLogs.source,
      filename: officialLogs.filename,
      sizeBytes: officialLogs.sizeBytes,
      listedAt: officialLogs.listedAt,
      requestedAt: officialLogs.requestedAt,
      fetchedAt: officialLogs.fetchedAt,
      lastError: officialLogs.lastError,
    })
    .from(officialLogs)
    .orderBy(desc(officialLogs.filename));
}

export async function getOfficialLog(db: DbOrTx, label: string): Promise<OfficialLogRow | null> {
  const rows = await db.select().from(officialLogs).where(eq(officialLogs.label, label)).limit(1);
  return rows[0] ?? null;
}

/** Someone opened a log whose text we do not have: the importer fetches it on its next pass. */
export async function requestOfficialLog(db: DbOrTx, label: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(officialLogs)
    .set({ requestedAt: now })
    .where(and(eq(officialLogs.label, label), isNull(officialLogs.text), isNull(officialLogs.requestedAt)))
    .returning({ label: officialLogs.label });
  return rows.length > 0;
}

export async function listRequestedOfficialLogs(
  db: DbOrTx,
  limit: number,
  now: Date,
): Promise<OfficialLogRow[]> {
  return db
    .select()
    .from(officialLogs)
    .where(
      and(isNotNull(officialLogs.requestedAt), isNull(officialLogs.text), lte(officialLogs.requestedAt, now)),
    )
    .orderBy(asc(officialLogs.requestedAt))
    .limit(limit);
}

export async function storeOfficialLogText(
  db: DbOrTx,
  label: string,
  outcome: { text: string } | { error: string; retryAt: Date | null },
  now: Date,
): Promise<void> {
  if ("text" in outcome) {
    await db
      .update(officialLogs)
      .set({ text: outcome.text, fetchedAt: now, lastError: null })
      .where(eq(officialLogs.label, label));
  } else {
    // A log the source no longer has (404) is not asked again: requested_at null until someone opens it again.
    await db
      .update(officialLogs)
      .set({ lastError: outcome.error, requestedAt: outcome.retryAt })
      .where(eq(officialLogs.label, label));
  }
}

/** The official importer's liveness row name (workers/official-import). */
export const OFFICIAL_WORKER = "official";

/**
 * What the anomaly checks compare the official records with: the latest snapshot's incentives, the chain
 * commitments of the hotkeys it evaluated, the first snapshot and the ingest cursor.
 */
export async function getOfficialAnomalyRows(db: DbOrTx, netuid: number, hotkeys: readonly string[]) {
  const [latest] = await db
    .select({ id: metagraphSnapshots.id, block: metagraphSnapshots.blockNumber })
    .from(metagraphSnapshots)
    .where(eq(metagraphSnapshots.netuid, netuid))
    .orderBy(desc(metagraphSnapshots.blockNumber))
    .limit(1);
  const [neurons, onChain, [first], [cursor]] = await Promise.all([
    latest
      ? db
          .select({
            uid: metagraphNeurons.uid,
            hotkey: metagraphNeurons.hotkey,
            incentive: metagraphNeurons.incentive,
          })
          .from(metagraphNeurons)
          .where(eq(metagraphNeurons.snapshotId, latest.id))
      : [],
    hotkeys.length === 0
      ? []
      : db
          .select({
            hotkey: commitments.hotkey,
            commitBlock: commitments.commitBlock,
            parsed: commitments.parsed,
          })
          .from(commitments)
          .where(and(eq(commitments.netuid, netuid), inArray(commitments.hotkey, [...hotkeys]))),
    db
      .select({ block: min(metagraphSnapshots.blockNumber) })
      .from(metagraphSnapshots)
      .where(eq(metagraphSnapshots.netuid, netuid)),
    db.select({ block: chainCursor.blockNumber }).from(chainCursor).limit(1),
  ]);
  return {
    latestBlock: latest?.block ?? null,
    neurons,
    commitments: onChain,
    firstBlock: first?.block ?? null,
    cursorBlock: cursor?.block ?? null,
  };
}

export interface SubmissionForTracks {
  id: number;
  uid: number;
  hotkey: string;
  commitBlock: number;
  digest: string;
  status: string;
  consensusScore: number | null;
  failureReason: string | null;
}

const trackColumns = {
  id: submissions.id,
  uid: submissions.uid,
  hotkey: submissions.hotkey,
  commitBlock: submissions.commitBlock,
  digest: submissions.digest,
  status: submissions.status,
  consensusScore: submissions.consensusScore,
  failureReason: submissions.failureReason,
};

export async function getSubmissionForTracks(db: DbOrTx, id: number): Promise<SubmissionForTracks | null> {
  const rows = await db.select(trackColumns).from(submissions).where(eq(submissions.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function listSubmissionsForTracks(db: DbOrTx, netuid: number): Promise<SubmissionForTracks[]> {
  return db
    .select(trackColumns)
    .from(submissions)
    .where(eq(submissions.netuid, netuid))
    .orderBy(desc(submissions.commitBlock));
}
