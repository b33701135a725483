import { and, asc, eq, gt, isNotNull, sql } from "drizzle-orm";
import type { RunSummary } from "@/lib/protocol/scoring";
import type { RunV1 } from "@/lib/protocol/run-schema";
import { createBatcher, perDatabase } from "../batch";
import { executePrepared, prepareStatement, type Db, type DbOrTx } from "../client";
import { CHANGES_CHANNEL } from "../notify";
import { chainCursor, jobLeases, runProgress, runPrompts, runs, submissions, workerStatus } from "../schema";
import { CHAIN_WORKER } from "./status";
import { columnArrays, columnArrayValues, columnNames } from "./raw-rows";

export async function listSubmissionsOfHotkey(db: DbOrTx, netuid: number, hotkey: string) {
  return db
    .select({ id: submissions.id, digest: submissions.digest, commitBlock: submissions.commitBlock })
    .from(submissions)
    .where(and(eq(submissions.netuid, netuid), eq(submissions.hotkey, hotkey)))
    .orderBy(asc(submissions.commitBlock));
}

export interface NewRun {
  readonly run: RunV1;
  /** The server's recomputation: what it stores, whatever a failed run claims for its terms. */
  readonly summary: RunSummary;
  readonly envelope: Uint8Array;
  readonly envelopeSha256: string;
  readonly epistulaUuid: string;
  readonly receivedAt: Date;
}

export type StoreRunResult =
  | { readonly kind: "stored"; readonly submissionId: number }
  /** The runId is already stored (a retry, or a conflict: the caller compares the bodies). */
  | { readonly kind: "taken" }
  /** No submission of the run's hotkey has its digest and commit block. */
  | { readonly kind: "no_submission" };

const RUN_KEYS = [
  "runId",
  "validatorHotkey",
  "runnerVersion",
  "runner",
  "seedBlock",
  "seedBlockHash",
  "startedAt",
  "finishedAt",
  "outcome",
  "failureReason",
  "failureMessage",
  "failureStage",
  "logTail",
  "baseline",
  "medianTtftMs",
  "medianThroughputTps",
  "tokenMatchRate",
  "correctnessPassed",
  "ttftImprovement",
  "throughputImprovement",
  "score",
  "verification",
  "envelope",
  "envelopeSha256",
  "epistulaUuid",
  "receivedAt",
] as const satisfies readonly (keyof typeof runs.$inferInsert)[];

const PROMPT_KEYS = [
  "promptIndex",
  "promptSha256",
  "inputTokens",
  "outputTokens",
  "ttftMs",
  "throughputTps",
  "e2eMs",
  "itlP50Ms",
  "itlP90Ms",
  "itlP99Ms",
  "comparedTokens",
  "matchedTokens",
  "passed",
  "divergence",
  "verifiedTokens",
  "verification",
] as const satisfies readonly (keyof typeof runPrompts.$inferInsert)[];

/**
 * A run's anchor block, evaluated as the run is inserted: the newest finalized block the explorer has seen,
 * that is the chain follower's finalized head (its status row) or the ingest cursor when that is newer (the
 * follower writes its head after ingest has heard of it). 0 when neither is known yet. Stores take the greater
 * of it and the submission's commit block: a run cannot precede the commitment it evaluates.
 */
export const ANCHOR_BLOCK_NOW = sql`greatest(
  coalesce((select (${workerStatus.detail} ->> 'finalizedBlock')::bigint from ${workerStatus}
            where ${workerStatus.worker} = ${sql.raw(`'${CHAIN_WORKER}'`)}), 0),
  coalesce((select max(${chainCursor.blockNumber}) from ${chainCursor}), 0))`;

// Stores a batch of posted runs in one statement (one round trip; each run with all of its rows or nothing):
// for each, the submission it names (same hotkey, digest and commit block), the run, its prompts, the
// validator's counters, and the `run` change notification (db/notify.ts's shape, built in SQL because only
// the statement knows the submission's id). The primary key decides a taken runId: of two concurrent posts of
// one, the second waits for the first's commit and then stores nothing.
const STORE_RUNS = prepareStatement(sql`
  with req as (
    select * from unnest(
      ${sql.placeholder("claimHotkeys")}::text[], ${sql.placeholder("claimDigests")}::text[],
      ${sql.placeholder("claimBlocks")}::text[]::bigint[], ${columnArrays(runs, RUN_KEYS, "run.")}
    ) with ordinality as r(claim_hotkey, claim_digest, claim_block, ${columnNames(runs, RUN_KEYS)}, i)
  ),
  matched as (
    select req.*, (
      select s.id from submissions s
      where s.netuid = ${sql.placeholder("netuid")} and s.hotkey = req.claim_hotkey
        and s.digest = req.claim_digest and s.commit_block = req.claim_block
      order by s.id limit 1
    ) as submission_id
    from req
  ),
  run as (
    insert into runs (submission_id, anchor_block, ${columnNames(runs, RUN_KEYS)})
    select submission_id, greatest(${ANCHOR_BLOCK_NOW}, claim_block), ${columnNames(runs, RUN_KEYS)} from matched
    where submission_id is not null
    on conflict (run_id) do nothing
    returning run_id, submission_id, validator_hotkey, runner_version, received_at
  ),
  prompts as (
    insert into run_prompts (${columnNames(runPrompts, ["runId", ...PROMPT_KEYS])})
    select * from unnest(${columnArrays(runPrompts, ["runId", ...PROMPT_KEYS], "prompt.")})
      as p(${columnNames(runPrompts, ["runId", ...PROMPT_KEYS])})
    where p.run_id in (select run_id from run)
  ),
  counted as (
    -- greatest(): requests of one validator can finish out of order.
    insert into validators (hotkey, first_seen_at, last_seen_at, runner_version, runs_posted)
    select validator_hotkey, max(received_at), max(received_at),
           (array_agg(runner_version order by received_at desc))[1], count(*)
    from run group by validator_hotkey
    on conflict (hotkey) do update set
      last_seen_at = greatest(validators.last_seen_at, excluded.last_seen_at),
      runner_version = excluded.runner_version,
      runs_posted = validators.runs_posted + excluded.runs_posted
  ),
  notified as (
    select pg_notify(${CHANGES_CHANNEL}, json_build_object(
      'type', 'run', 'runId', run_id, 'submissionId', submission_id)::text)
    from run
  )
  select i, submission_id, run_id in (select run_id from run) as stored,
         (select count(*) from notified) as notifications
  from matched`);

/** Stores a batch of runs of one subnet (see STORE_RUNS); the answers are in the runs' order. */
export async function storeRuns(db: Db, netuid: number, rows: readonly NewRun[]): Promise<StoreRunResult[]> {
  // A runId repeated within the batch is stored once: its copies are stored (or found taken) afterwards.
  const seen = new Set<string>();
  const first: number[] = [];
  const later: number[] = [];
  rows.forEach((row, i) => {
    const id = row.run.runId.toLowerCase();
    (seen.has(id) ? later : first).push(i);
    seen.add(id);
  });
  const batch = first.map((i) => rows[i] as NewRun);
  const runRows = batch.map(runRow);
  const prompts = batch.flatMap((row) => promptRows(row.run));
  const answered = await executePrepared<{
    i: number | string;
    submission_id: number | string | null;
    stored: boolean;
  }>(db, STORE_RUNS, {
    netuid,
    claimHotkeys: batch.map((r) => r.run.submission.hotkey),
    claimDigests: batch.map((r) => r.run.submission.digest),
    claimBlocks: batch.map((r) => String(r.run.submission.commitBlock)),
    ...columnArrayValues(runs, RUN_KEYS, runRows, "run."),
    ...columnArrayValues(runPrompts, ["runId", ...PROMPT_KEYS], prompts, "prompt."),
  });
  const results: StoreRunResult[] = new Array<StoreRunResult>(rows.length);
  for (const row of answered) {
    const i = first[Number(row.i) - 1] as number;
    results[i] =
      row.submission_id === null
        ? { kind: "no_submission" }
        : row.stored
          ? { kind: "stored", submissionId: Number(row.submission_id) }
          : { kind: "taken" };
  }
  if (later.length > 0) {
    const rest = await storeRuns(
      db,
      netuid,
      later.map((i) => rows[i] as NewRun),
    );
    later.forEach((i, k) => (results[i] = rest[k] as StoreRunResult));
  }
  return results;
}

/**
 * Stores one posted run, batched with whatever other runs reach this point meanwhile (db/batch.ts): under
 * load, one statement stores many. Two at a time, so the next batch is encoded and sent while Postgres writes
 * the last.
 */
export const storeRun = perDatabase((db: Db) =>
  createBatcher(
    async (items: readonly { netuid: number; row: NewRun }[]) => {
      const results: StoreRunResult[] = new Array<StoreRunResult>(items.length);
      for (const netuid of new Set(items.map((item) => item.netuid))) {
        const indexes = items.flatMap((item, i) => (item.netuid === netuid ? [i] : []));
        const stored = await storeRuns(
          db,
          netuid,
          indexes.map((i) => (items[i] as { row: NewRun }).row),
        );
        indexes.forEach((i, k) => (results[i] = stored[k] as StoreRunResult));
      }
      return results;
    },
    { maxBatch: 64, maxInFlight: 2 },
  ),
);

/**
 * Inserts a run and its prompts as they are, for seeds and fixtures (the API stores with `storeRun`); false
 * when the runId is already stored.
 */
/** Inserts one run; its anchor block is the given one (seeds, tests) or the explorer's head now. */
export async function insertRun(
  tx: DbOrTx,
  row: NewRun & { submissionId: number; anchorBlock?: number },
): Promise<boolean> {
  const inserted = await tx
    .insert(runs)
    .values({
      ...runRow(row),
      submissionId: row.submissionId,
      anchorBlock: row.anchorBlock ?? sql`greatest(${ANCHOR_BLOCK_NOW}, ${row.run.submission.commitBlock})`,
    })
    .onConflictDoNothing({ target: runs.runId })
    .returning({ runId: runs.runId });
  if (inserted.length === 0) return false;
  if (row.run.prompts.length > 0) await tx.insert(runPrompts).values(promptRows(row.run));
  return true;
}

/** The `runs` row of a posted run but its submission id, which the stored submission gives. */
export function runRow(
  row: NewRun,
): Omit<typeof runs.$inferInsert, "submissionId" | "anchorBlock"> & { receivedAt: Date } {
  const { run, summary } = row;
  const failure = run.outcome === "failed" ? run.failure : null;
  return {
    runId: run.runId,
    validatorHotkey: run.validator.hotkey,
    runnerVersion: run.runner.version,
    runner: run.runner,
    seedBlock: run.seed.block,
    seedBlockHash: run.seed.blockHash,
    startedAt: new Date(run.startedAt),
    finishedAt: new Date(run.finishedAt),
    outcome: run.outcome,
    failureReason: failure?.reason ?? null,
    failureMessage: failure?.message ?? null,
    failureStage: failure?.stage ?? null,
    logTail: failure?.logTail ?? null,
    baseline: run.baseline,
    medianTtftMs: summary.medianTtftMs,
    medianThroughputTps: summary.medianThroughputTps,
    tokenMatchRate: summary.tokenMatchRate,
    correctnessPassed: summary.correctnessPassed,
    ttftImprovement: summary.ttftImprovement,
    throughputImprovement: summary.throughputImprovement,
    score: summary.score,
    verification: run.verification ?? null,
    envelope: row.envelope,
    envelopeSha256: row.envelopeSha256,
    epistulaUuid: row.epistulaUuid,
    receivedAt: row.receivedAt,
  };
}

/** The `run_prompts` rows of a posted run. */
export function promptRows(run: RunV1): (typeof runPrompts.$inferInsert)[] {
  return run.prompts.map((p) => ({
    runId: run.runId,
    promptIndex: p.index,
    promptSha256: p.promptSha256,
    inputTokens: p.inputTokens,
    outputTokens: p.outputTokens,
    ttftMs: p.ttftMs,
    throughputTps: p.throughputTps,
    e2eMs: p.e2eMs,
    itlP50Ms: p.itlMs.p50,
    itlP90Ms: p.itlMs.p90,
    itlP99Ms: p.itlMs.p99,
    comparedTokens: p.comparedTokens,
    matchedTokens: p.matchedTokens,
    passed: p.passed,
    divergence: p.divergence,
    verifiedTokens: p.verifiedTokens ?? null,
    verification: p.verification ?? null,
  }));
}

/** What a re-post of a runId is compared with. */
export async function getStoredRun(db: DbOrTx, runId: string) {
  const [row] = await db
    .select({
      runId: runs.runId,
      submissionId: runs.submissionId,
      validatorHotkey: runs.validatorHotkey,
      envelopeSha256: runs.envelopeSha256,
      outcome: runs.outcome,
      score: runs.score,
      receivedAt: runs.receivedAt,
    })
    .from(runs)
    .where(eq(runs.runId, runId))
    .limit(1);
  return row ?? null;
}

/** The validator and submission a runId is known to belong to: from its stored run, else its first progress. */
export async function getRunOwner(
  db: DbOrTx,
  runId: string,
): Promise<{ validatorHotkey: string; submissionId: number | null } | null> {
  const stored = await getStoredRun(db, runId);
  if (stored !== null) return { validatorHotkey: stored.validatorHotkey, submissionId: stored.submissionId };
  const [first] = await db
    .select({ validatorHotkey: runProgress.validatorHotkey, submissionId: runProgress.submissionId })
    .from(runProgress)
    .where(eq(runProgress.runId, runId))
    .orderBy(asc(runProgress.id))
    .limit(1);
  if (first === undefined) return null;
  const [linked] = await db
    .select({ submissionId: runProgress.submissionId })
    .from(runProgress)
    .where(and(eq(runProgress.runId, runId), isNotNull(runProgress.submissionId)))
    .orderBy(asc(runProgress.id))
    .limit(1);
  return { validatorHotkey: first.validatorHotkey, submissionId: linked?.submissionId ?? null };
}

/**
 * The submission of this validator's only open lease: unexpired and not yet answered by a stored run of the
 * validator (a lease outlives its run until it expires, and must not make the next job's lease ambiguous).
 * Null with none or several (no guessing).
 */
export async function getSoleActiveLease(db: DbOrTx, hotkey: string, now: Date): Promise<number | null> {
  const rows = await db
    .select({ submissionId: jobLeases.submissionId })
    .from(jobLeases)
    .where(
      and(
        eq(jobLeases.validatorHotkey, hotkey),
        gt(jobLeases.expiresAt, now),
        sql`not exists (select 1 from ${runs} where ${runs.submissionId} = ${jobLeases.submissionId}
              and ${runs.validatorHotkey} = ${jobLeases.validatorHotkey})`,
      ),
    )
    .limit(2);
  return rows.length === 1 ? (rows[0]?.submissionId ?? null) : null;
}

export async function insertProgress(
  db: DbOrTx,
  row: {
    runId: string;
    submissionId: number | null;
    validatorHotkey: string;
    phase: string;
    detail: string;
    promptIndex: number | null;
    promptCount: number | null;
    at: Date;
    receivedAt: Date;
  },
): Promise<{ id: number; receivedAt: Date }> {
  const [inserted] = await db
    .insert(runProgress)
    .values(row)
    .returning({ id: runProgress.id, receivedAt: runProgress.receivedAt });
  if (inserted === undefined) throw new Error("insert into run_progress returned no row");
  return inserted;
}
