import { and, asc, eq, gt, isNotNull, sql } from "drizzle-orm";
import type { RunSummary } from "@/lib/protocol/scoring";
import type { RunV1 } from "@/lib/protocol/run-schema";
import type { DbOrTx } from "../client";
import { jobLeases, runProgress, runPrompts, runs, submissions } from "../schema";

export async function listSubmissionsOfHotkey(db: DbOrTx, netuid: number, hotkey: string) {
  return db
    .select({ id: submissions.id, digest: submissions.digest, commitBlock: submissions.commitBlock })
    .from(submissions)
    .where(and(eq(submissions.netuid, netuid), eq(submissions.hotkey, hotkey)))
    .orderBy(asc(submissions.commitBlock));
}

export interface NewRun {
  readonly run: RunV1;
  readonly submissionId: number;
  /** The server's recomputation; it agrees with the posted summary within tolerance. */
  readonly summary: RunSummary;
  readonly envelope: Uint8Array;
  readonly envelopeSha256: string;
  readonly epistulaUuid: string;
  readonly receivedAt: Date;
}

/**
 * Inserts a run and its prompts; false when the runId is already stored. The primary key decides: of two
 * concurrent posts of one runId, the second waits for the first's transaction and then inserts nothing.
 */
export async function insertRun(tx: DbOrTx, row: NewRun): Promise<boolean> {
  const inserted = await tx
    .insert(runs)
    .values(runRow(row))
    .onConflictDoNothing({ target: runs.runId })
    .returning({ runId: runs.runId });
  if (inserted.length === 0) return false;
  if (row.run.prompts.length > 0) await tx.insert(runPrompts).values(promptRows(row.run));
  return true;
}

/** The `runs` row of a posted run (exported for the ingest bench, which inserts the same rows raw). */
export function runRow(row: NewRun): typeof runs.$inferInsert {
  const { run, summary } = row;
  const failure = run.outcome === "failed" ? run.failure : null;
  return {
    runId: run.runId,
    submissionId: row.submissionId,
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
