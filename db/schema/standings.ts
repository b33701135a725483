import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { PRICE_SOURCES } from "@/lib/chain/pool-price";
import type { KingState } from "../../lib/protocol/king-state";
import { rao, utc } from "./columns";
import { submissions } from "./submissions";

/** King history: one row per reign, recorded with the threshold it beat and why it ended. */
export const reigns = pgTable(
  "reigns",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    netuid: smallint("netuid").notNull(),
    submissionId: bigint("submission_id", { mode: "number" })
      .notNull()
      .references(() => submissions.id),
    hotkey: text("hotkey").notNull(),
    uid: integer("uid").notNull(),
    score: doublePrecision("score").notNull(),
    fromBlock: bigint("from_block", { mode: "number" }).notNull(),
    fromTime: utc("from_time").notNull(),
    toBlock: bigint("to_block", { mode: "number" }),
    toTime: utc("to_time"),
    /** The score the king had to beat: king score x (1 + epsilon at that age); 0 when the throne was empty. */
    thresholdBeaten: doublePrecision("threshold_beaten").notNull(),
    previousSubmissionId: bigint("previous_submission_id", { mode: "number" }),
    previousScore: doublePrecision("previous_score"),
    /** `dethroned` or `deregistered`; null while the reign lasts. */
    endReason: text("end_reason"),
    endedBySubmissionId: bigint("ended_by_submission_id", { mode: "number" }),
    /** Emission to the king's UID during the reign (lib/protocol reignEmission), kept current by recompute. */
    alphaRao: rao("alpha_rao")
      .notNull()
      .default(sql`0`),
    taoRao: rao("tao_rao")
      .notNull()
      .default(sql`0`),
    epochs: integer("epochs").notNull().default(0),
    epochsWithoutPrice: integer("epochs_without_price").notNull().default(0),
  },
  (t) => [
    uniqueIndex("reigns_from").on(t.netuid, t.fromBlock, t.submissionId),
    index("reigns_current").on(t.netuid, t.toBlock),
  ],
);

/** Per-epoch emission to the king's UID, with the alpha price at that block. */
export const emissions = pgTable(
  "emissions",
  {
    netuid: smallint("netuid").notNull(),
    blockNumber: bigint("block_number", { mode: "number" }).notNull(),
    blockTime: utc("block_time").notNull(),
    kingSubmissionId: bigint("king_submission_id", { mode: "number" }),
    kingUid: integer("king_uid"),
    emissionRao: rao("emission_rao").notNull(),
    alphaPriceTao: doublePrecision("alpha_price_tao"),
    /** The snapshot's price source (metagraph_snapshots.price_source). */
    priceSource: text("price_source", { enum: PRICE_SOURCES }),
    taoValueRao: rao("tao_value_rao"),
    tempo: integer("tempo").notNull(),
  },
  (t) => [
    uniqueIndex("emissions_block").on(t.netuid, t.blockNumber),
    index("emissions_time").on(t.netuid, t.blockTime),
  ],
);

/**
 * The standings at the last frozen point: every king event at or before `block` is applied to `king` (lib/protocol
 * KingState, plain JSON), so a pass only replays what came after it.
 */
export const standingsState = pgTable("standings_state", {
  netuid: smallint("netuid").primaryKey(),
  block: bigint("block", { mode: "number" }).notNull(),
  king: jsonb("king").$type<KingState>().notNull(),
  updatedAt: utc("updated_at").notNull().defaultNow(),
});
