import { and, count, eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import {
  chainCursor,
  commitments,
  metagraphSnapshots,
  reigns,
  runs,
  submissions,
  validators,
  workerStatus,
} from "../schema";

export interface DatabaseCounts {
  commitments: number;
  submissions: number;
  runs: number;
  validators: number;
  reigns: number;
  metagraphSnapshots: number;
}

export async function getCounts(db: DbOrTx): Promise<DatabaseCounts> {
  const one = async (table: Parameters<ReturnType<DbOrTx["select"]>["from"]>[0]) =>
    (await db.select({ n: count() }).from(table))[0]?.n ?? 0;
  const [c, s, r, v, k, m] = await Promise.all([
    one(commitments),
    one(submissions),
    one(runs),
    one(validators),
    one(reigns),
    one(metagraphSnapshots),
  ]);
  return { commitments: c, submissions: s, runs: r, validators: v, reigns: k, metagraphSnapshots: m };
}

export async function getCursor(db: DbOrTx, network: string, netuid: number) {
  const rows = await db
    .select()
    .from(chainCursor)
    .where(and(eq(chainCursor.network, network), eq(chainCursor.netuid, netuid)))
    .limit(1);
  return rows[0] ?? null;
}

export async function getWorkerStatus(db: DbOrTx, worker: string) {
  const rows = await db.select().from(workerStatus).where(eq(workerStatus.worker, worker)).limit(1);
  return rows[0] ?? null;
}

export interface WorkerStatusUpdate {
  worker: string;
  state: string;
  detail?: Record<string, unknown>;
  lastError?: string | null;
}

/** Upsert a worker's liveness row; an error is kept (with its time) until the next error replaces it. */
export async function upsertWorkerStatus(db: DbOrTx, update: WorkerStatusUpdate, now: Date): Promise<void> {
  const values = {
    worker: update.worker,
    state: update.state,
    detail: update.detail ?? {},
    updatedAt: now,
    ...(update.lastError ? { lastError: update.lastError, lastErrorAt: now } : {}),
  };
  await db
    .insert(workerStatus)
    .values(values)
    .onConflictDoUpdate({ target: workerStatus.worker, set: values });
}

/** The chain follower's liveness row (workers/chain-ingest). */
export const CHAIN_WORKER = "chain";
