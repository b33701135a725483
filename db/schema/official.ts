import { bigint, bigserial, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { utc } from "./columns";

/**
 * What the subnet's own validator publishes (the official track), imported by workers/official-import. These
 * rows are never runs and never enter the consensus. Nothing here is signed.
 */

/**
 * Every evaluation and crowning record ever fetched, raw. Records are immutable at the source, so a record
 * fetched again with different content gets a new version beside the old one; version > 1 is a changed record.
 * `schema` names the parser that understood it, or `unknown` (kept and shown raw, never dropped).
 */
export const officialRecords = pgTable(
  "official_records",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** `evaluation` or `crowning`. */
    kind: text("kind").notNull(),
    /** The identity at the source (see lib/official/records recordKey). */
    recordKey: text("record_key").notNull(),
    version: integer("version").notNull(),
    schema: text("schema").notNull(),
    raw: jsonb("raw").$type<unknown>().notNull(),
    rawSha256: text("raw_sha256").notNull(),
    /** The route it was first fetched from. */
    route: text("route").notNull(),
    // Indexable fields of parsed records (null for unknown shapes).
    uid: integer("uid"),
    hotkey: text("hotkey"),
    commitBlock: bigint("commit_block", { mode: "number" }),
    block: bigint("block", { mode: "number" }),
    firstFetchedAt: utc("first_fetched_at").notNull(),
    lastFetchedAt: utc("last_fetched_at").notNull(),
  },
  (t) => [
    uniqueIndex("official_records_version").on(t.kind, t.recordKey, t.version),
    uniqueIndex("official_records_content").on(t.kind, t.recordKey, t.rawSha256),
    index("official_records_hotkey").on(t.hotkey, t.commitBlock),
    index("official_records_block").on(t.kind, t.block),
  ],
);

/** The latest answer of each singleton route (status, king, eval progress, rounds, log indexes), raw. */
export const officialSnapshots = pgTable("official_snapshots", {
  route: text("route").primaryKey(),
  raw: jsonb("raw").$type<unknown>().notNull(),
  fetchedAt: utc("fetched_at").notNull(),
});

/**
 * Per route: when it was fetched, what it answered, and when it is due again (its Cache-Control, or the
 * back-off after 429/503). Kept in the database so a restart resumes without refetching what is still fresh.
 */
export const officialFetchState = pgTable("official_fetch_state", {
  route: text("route").primaryKey(),
  lastStatus: integer("last_status"),
  lastFetchedAt: utc("last_fetched_at"),
  lastOkAt: utc("last_ok_at"),
  nextDueAt: utc("next_due_at").notNull(),
  failures: integer("failures").notNull().default(0),
  lastError: text("last_error"),
  /** Content hash of the last 200 answer: an unchanged list is not re-stored. */
  bodySha256: text("body_sha256"),
});

/** Container and validator log indexes, and a log's text once someone opened it (fetched once, kept). */
export const officialLogs = pgTable("official_logs", {
  label: text("label").primaryKey(),
  /** `container` or `validator`. */
  source: text("source").notNull(),
  filename: text("filename").notNull(),
  sizeBytes: bigint("size_bytes", { mode: "number" }),
  listedAt: utc("listed_at").notNull(),
  requestedAt: utc("requested_at"),
  text: text("text"),
  fetchedAt: utc("fetched_at"),
  lastError: text("last_error"),
});
