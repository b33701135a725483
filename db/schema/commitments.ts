import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { bytes, utc } from "./columns";

/**
 * Every commitment ever read from chain, append-only: plain (Commitments.CommitmentOf) and revealed
 * (Commitments.RevealedCommitments). Kept raw and with the parser's verdict, so a miner can always see why
 * an entry was not taken.
 */
export const commitments = pgTable(
  "commitments",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    netuid: smallint("netuid").notNull(),
    hotkey: text("hotkey").notNull(),
    /** UID and registration block of the hotkey when the commitment was read (a re-registration starts afresh). */
    uid: integer("uid"),
    registrationBlock: bigint("registration_block", { mode: "number" }),
    source: text("source", { enum: ["plain", "revealed"] }).notNull(),
    /** The block the plaintext became readable: the Registration's block, or the reveal block. */
    commitBlock: bigint("commit_block", { mode: "number" }).notNull(),
    /** The block in which the explorer observed it (>= commitBlock when caught by a full scan). */
    observedBlock: bigint("observed_block", { mode: "number" }).notNull(),
    rawBytes: bytes("raw_bytes").notNull(),
    rawSha256: text("raw_sha256").notNull(),
    /** The parser's result: `{ image, digest, pullRef, form }` or null when unparseable. */
    parsed: jsonb("parsed").$type<{ image: string; digest: string; pullRef: string; form: string } | null>(),
    parseError: text("parse_error"),
    parseErrorMessage: text("parse_error_message"),
    /**
     * What the explorer made of it: `submission`, `ignored` (one submission per hotkey), `unparseable`, `repeat`,
     * or `not_registered` (the hotkey was not registered, or had re-registered since, when it became readable).
     */
    disposition: text("disposition").notNull(),
    submissionId: bigint("submission_id", { mode: "number" }),
    createdAt: utc("created_at").notNull().defaultNow(),
  },
  (t) => [
    // Idempotent ingest: the same commitment read twice (event and full scan) is one row.
    uniqueIndex("commitments_identity").on(t.netuid, t.hotkey, t.source, t.commitBlock, t.rawSha256),
    index("commitments_hotkey").on(t.hotkey, t.commitBlock),
    index("commitments_commit_block").on(t.netuid, t.commitBlock),
    index("commitments_unparseable")
      .on(t.netuid, t.commitBlock)
      .where(sql`${t.parseError} is not null`),
  ],
);
