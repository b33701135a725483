import { sql, type SQL } from "drizzle-orm";
import {
  type AnyPgColumn,
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
import { utc } from "./columns";

/** One validator's place in a submission's consensus, as lib/protocol computeConsensus reports it. */
export interface ConsensusAgreement {
  validatorHotkey: string;
  /** The run that was counted; null when the validator only has runner_error runs. */
  runId: string | null;
  agrees: boolean | null;
}

/** A counted run a verdict was computed from, with the stake it weighed with (RAO, decimal string). */
export interface FinalityCountedRun {
  runId: string;
  validatorHotkey: string;
  stakeRao: string;
}

/**
 * How a verdict became final, or what a pending one waits for (lib/protocol finality.ts and judging.ts).
 * Stakes are RAO as decimal strings; the quorum is the fraction in force at the block of the check.
 */
export type SubmissionFinality =
  | {
      status: "final";
      how: "quorum" | "timeout";
      block: number;
      quorum: number;
      quorumStakeRao: string;
      activeStakeRao: string;
      countedRuns: FinalityCountedRun[];
      /** The frozen verdict, as computed from the counted runs at finality. */
      verdict: { status: "scored"; score: number } | { status: "failed"; reason: string };
      /** Runs after this one in the explorer's order (anchor block, acceptance time, runId) came after it. */
      after: { anchorBlock: number; receivedAt: string; runId: string };
      /** The judging block J, null while it waits for an earlier submission. */
      judgedBlock: number | null;
      /** The earlier submission it waited for (or still waits for), null when none. */
      waitedForId: number | null;
      /** While waiting: the block it is judged at even if that submission is still not final. */
      waitUntilBlock: number | null;
    }
  | {
      status: "pending";
      quorum: number;
      quorumStakeRao: string;
      activeStakeRao: string;
      firstCountedBlock: number | null;
      timeoutBlock: number | null;
    };

/**
 * The block from which a submission's verdict and its king event are both behind a standings pass: the later
 * of its finality block and its judging block; null while either is unknown. A pass frozen at or after it
 * never reads the submission again (unless a run of it arrives).
 */
export function settledBlockOf(finality: AnyPgColumn): SQL {
  return sql`(case when (${finality} ->> 'status') = 'final' and (${finality} ->> 'judgedBlock') is not null
    then greatest((${finality} ->> 'block')::bigint, (${finality} ->> 'judgedBlock')::bigint) end)`;
}

/**
 * A submission: one committed image (hotkey, image, digest, commit block). One per hotkey registration.
 * The consensus and standing columns are derived (recomputed by the standings worker from runs and chain state).
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
    /** Stake-weighted medians of the counted scored runs' median TTFT and throughput (leaderboard sorts). */
    consensusTtftMs: doublePrecision("consensus_ttft_ms"),
    consensusThroughputTps: doublePrecision("consensus_throughput_tps"),
    /** Which run of each validator counted and whether it agrees with the verdict. */
    consensusRuns: jsonb("consensus_runs").$type<ConsensusAgreement[]>().notNull().default([]),
    failureReason: text("failure_reason"),
    validatorsAgreeing: integer("validators_agreeing").notNull().default(0),
    validatorsTotal: integer("validators_total").notNull().default(0),
    /** Block at which the consensus verdict became final (the age the king's margin is judged at). */
    finalBlock: bigint("final_block", { mode: "number" }),
    /** When the explorer first saw the verdict final; the time of `final_block` as far as we know it. */
    finalAt: utc("final_at"),
    /** How the verdict became final (quorum or timeout, counted runs and stakes), or what it waits for. */
    finality: jsonb("finality").$type<SubmissionFinality>(),
    /** The earlier submission of the same digest by another hotkey that this one copies (`duplicate`). */
    duplicateOfId: bigint("duplicate_of_id", { mode: "number" }),
    /** The king state machine's verdict: `king`, `former_king`, `ranked`, `duplicate`, ... */
    standing: text("standing"),
    /** The king it was judged against and the score it had to exceed (null when not compared). */
    judgedAgainstId: bigint("judged_against_id", { mode: "number" }),
    judgedThreshold: doublePrecision("judged_threshold"),
    createdAt: utc("created_at").notNull().defaultNow(),
    updatedAt: utc("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("submissions_hotkey_registration").on(t.netuid, t.hotkey, t.registrationBlock),
    index("submissions_commit_order").on(t.netuid, t.commitBlock, t.uid),
    index("submissions_status_score").on(t.netuid, t.status, t.consensusScore),
    // One per leaderboard sort, ending in id: the keyset pagination's tiebreak.
    index("submissions_score").on(t.netuid, t.consensusScore, t.id),
    index("submissions_ttft").on(t.netuid, t.consensusTtftMs, t.id),
    index("submissions_throughput").on(t.netuid, t.consensusThroughputTps, t.id),
    index("submissions_token_match").on(t.netuid, t.consensusTokenMatchRate, t.id),
    index("submissions_commit_block").on(t.netuid, t.commitBlock, t.id),
    // The same sorts descending. A backward scan of an ascending index yields nulls first, so without these
    // `order by … desc nulls last` sorted the whole table for every page.
    index("submissions_score_desc").on(t.netuid, t.consensusScore.desc().nullsLast(), t.id.desc()),
    index("submissions_ttft_desc").on(t.netuid, t.consensusTtftMs.desc().nullsLast(), t.id.desc()),
    index("submissions_throughput_desc").on(
      t.netuid,
      t.consensusThroughputTps.desc().nullsLast(),
      t.id.desc(),
    ),
    index("submissions_token_match_desc").on(
      t.netuid,
      t.consensusTokenMatchRate.desc().nullsLast(),
      t.id.desc(),
    ),
    index("submissions_commit_block_desc").on(t.netuid, t.commitBlock.desc().nullsLast(), t.id.desc()),
    index("submissions_digest").on(t.digest),
    index("submissions_uid").on(t.netuid, t.uid),
    // The standings pass finds what is not settled yet without reading every submission.
    index("submissions_settled").on(t.netuid, settledBlockOf(t.finality)),
  ],
);
