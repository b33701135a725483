import {
  bigint,
  bigserial,
  doublePrecision,
  index,
  integer,
  pgTable,
  smallint,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { utc } from "./columns";

/**
 * A submission: one committed image (hotkey, image, digest, commit block). One per hotkey registration.
 * The consensus and standing columns are derived (recomputed by the standings logic from runs and chain state).
 */
export const submissions = pgTable(
  "submissions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    netuid: smallint("netuid").notNull(),
    hotkey: text("hotkey").notNull(),
    uid: integer("uid").notNull(),
    registrationBlock: bigint("registration_block", { mode: "number" }).notNull(),
    image: text("image").notNull(),
    digest: text("digest").notNull(),
    pullRef: text("pull_ref").notNull(),
    commitBlock: bigint("commit_block", { mode: "number" }).notNull(),
    commitmentId: bigint("commitment_id", { mode: "number" }).notNull(),
    /** `pending` (no run yet), `evaluating`, `scored`, `failed`. */
    status: text("status").notNull().default("pending"),
    consensusScore: doublePrecision("consensus_score"),
    consensusTtftImprovement: doublePrecision("consensus_ttft_improvement"),
    consensusThroughputImprovement: doublePrecision("consensus_throughput_improvement"),
    consensusTokenMatchRate: doublePrecision("consensus_token_match_rate"),
    failureReason: text("failure_reason"),
    validatorsAgreeing: integer("validators_agreeing").notNull().default(0),
    validatorsTotal: integer("validators_total").notNull().default(0),
    /** Block at which the consensus verdict became final (the age the king's margin is judged at). */
    finalBlock: bigint("final_block", { mode: "number" }),
    /** The king state machine's verdict: `king`, `former_king`, `ranked`, `duplicate_of_king`, ... */
    standing: text("standing"),
    createdAt: utc("created_at").notNull().defaultNow(),
    updatedAt: utc("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("submissions_hotkey_registration").on(t.netuid, t.hotkey, t.registrationBlock),
    index("submissions_commit_order").on(t.netuid, t.commitBlock, t.uid),
    index("submissions_status_score").on(t.netuid, t.status, t.consensusScore),
    index("submissions_score").on(t.netuid, t.consensusScore),
    index("submissions_digest").on(t.digest),
    index("submissions_uid").on(t.netuid, t.uid),
  ],
);
