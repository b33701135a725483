import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uuid,
} from "drizzle-orm/pg-core";
import { bytes, utc } from "./columns";
import { submissions } from "./submissions";

/** One validator's evaluation of one submission, as posted (`cacheon.run.v1`). */
export const runs = pgTable(
  "runs",
  {
    runId: uuid("run_id").primaryKey(),
    submissionId: bigint("submission_id", { mode: "number" })
      .notNull()
      .references(() => submissions.id),
    validatorHotkey: text("validator_hotkey").notNull(),
    runnerVersion: text("runner_version").notNull(),
    runner: jsonb("runner").$type<Record<string, unknown>>().notNull(),
    seedBlock: bigint("seed_block", { mode: "number" }).notNull(),
    seedBlockHash: text("seed_block_hash").notNull(),
    startedAt: utc("started_at").notNull(),
    finishedAt: utc("finished_at").notNull(),
    outcome: text("outcome", { enum: ["scored", "failed"] }).notNull(),
    failureReason: text("failure_reason"),
    failureMessage: text("failure_message"),
    failureStage: text("failure_stage"),
    logTail: text("log_tail"),
    baseline: jsonb("baseline").$type<Record<string, unknown>>().notNull(),
    medianTtftMs: doublePrecision("median_ttft_ms").notNull(),
    medianThroughputTps: doublePrecision("median_throughput_tps").notNull(),
    tokenMatchRate: doublePrecision("token_match_rate").notNull(),
    correctnessPassed: boolean("correctness_passed").notNull(),
    ttftImprovement: doublePrecision("ttft_improvement").notNull(),
    throughputImprovement: doublePrecision("throughput_improvement").notNull(),
    score: doublePrecision("score").notNull(),
    /** How the timed output was verified ("full" or "first-divergence"); null for a run that did not say (V1). */
    verification: text("verification", { enum: ["full", "first-divergence"] }),
    /** The signed body exactly as received, and its sha256 (idempotency: same runId + same body = 200). */
    envelope: bytes("envelope").notNull(),
    envelopeSha256: text("envelope_sha256").notNull(),
    epistulaUuid: uuid("epistula_uuid").notNull(),
    receivedAt: utc("received_at").notNull().defaultNow(),
    /**
     * The newest finalized block the explorer had seen when it accepted the run (the chain follower's head, or
     * the ingest cursor when that is newer). Standings use the run once ingest has reached it.
     */
    anchorBlock: bigint("anchor_block", { mode: "number" }).notNull(),
    /** Whether the run counts (permit and stake > 0 at its anchor block); null until ingest reaches it. */
    counted: boolean("counted"),
    /** Accepted after its submission's verdict became final: shown, but it changes nothing. */
    afterVerdict: boolean("after_verdict").notNull().default(false),
  },
  (t) => [
    index("runs_anchor").on(t.anchorBlock),
    // Runs no standings pass has processed yet: few at any time, however long the history.
    index("runs_unprocessed")
      .on(t.submissionId)
      .where(sql`${t.counted} is null`),
    index("runs_submission").on(t.submissionId, t.validatorHotkey, t.finishedAt),
    index("runs_validator").on(t.validatorHotkey, t.receivedAt),
    index("runs_received").on(t.receivedAt),
  ],
);

export const runPrompts = pgTable(
  "run_prompts",
  {
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.runId, { onDelete: "cascade" }),
    promptIndex: integer("prompt_index").notNull(),
    promptSha256: text("prompt_sha256").notNull(),
    inputTokens: integer("input_tokens").notNull(),
    outputTokens: integer("output_tokens").notNull(),
    ttftMs: doublePrecision("ttft_ms").notNull(),
    throughputTps: doublePrecision("throughput_tps").notNull(),
    e2eMs: doublePrecision("e2e_ms").notNull(),
    itlP50Ms: doublePrecision("itl_p50_ms").notNull(),
    itlP90Ms: doublePrecision("itl_p90_ms").notNull(),
    itlP99Ms: doublePrecision("itl_p99_ms").notNull(),
    comparedTokens: integer("compared_tokens").notNull(),
    matchedTokens: integer("matched_tokens").notNull(),
    passed: boolean("passed").notNull(),
    divergence: jsonb("divergence").$type<Record<string, unknown> | null>(),
    /** The timed output's token count under the baseline's tokenizer (full verification only). */
    verifiedTokens: integer("verified_tokens"),
    /** Where the timed output failed verification: {position, token, baselineTop5}. */
    verification: jsonb("verification").$type<Record<string, unknown> | null>(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.promptIndex] })],
);

/** Phase-by-phase progress a runner reports while it evaluates (shown live on the home page). */
export const runProgress = pgTable(
  "run_progress",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    runId: uuid("run_id").notNull(),
    submissionId: bigint("submission_id", { mode: "number" }),
    validatorHotkey: text("validator_hotkey").notNull(),
    phase: text("phase").notNull(),
    detail: text("detail").notNull().default(""),
    /** Prompt k of N of a prompt-sending phase, when the runner said (both or neither). */
    promptIndex: integer("prompt_index"),
    promptCount: integer("prompt_count"),
    at: utc("at").notNull(),
    receivedAt: utc("received_at").notNull().defaultNow(),
  },
  (t) => [index("run_progress_run").on(t.runId, t.id), index("run_progress_received").on(t.receivedAt)],
);

/** A validator's claim on a job; renewable, expires so a crashed runner does not hold a job forever. */
export const jobLeases = pgTable(
  "job_leases",
  {
    submissionId: bigint("submission_id", { mode: "number" })
      .notNull()
      .references(() => submissions.id),
    validatorHotkey: text("validator_hotkey").notNull(),
    leasedAt: utc("leased_at").notNull().defaultNow(),
    expiresAt: utc("expires_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.submissionId, t.validatorHotkey] }),
    index("job_leases_expiry").on(t.expiresAt),
  ],
);

/**
 * The prompt seed of a submission's round, pinned the first time a validator asks for jobs: every validator
 * then evaluates the submission on the same prompts, even if an older metagraph snapshot is backfilled later.
 */
export const jobSeeds = pgTable("job_seeds", {
  submissionId: bigint("submission_id", { mode: "number" })
    .primaryKey()
    .references(() => submissions.id),
  seedBlock: bigint("seed_block", { mode: "number" }).notNull(),
  seedBlockHash: text("seed_block_hash").notNull(),
  pinnedAt: utc("pinned_at").notNull().defaultNow(),
});
