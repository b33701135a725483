import { and, count, eq } from "drizzle-orm";
import { z } from "zod";
import { chainConnectionSchema, type ChainConnection, type Status } from "@/lib/schemas/status";
import { PARAMS_VERSIONS, paramsVersionAt } from "@/lib/protocol/params";
import type { DbOrTx } from "../client";
import { listGaps } from "./chain";
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

export const CHAIN_WORKER = "chain";

/** The chain follower's row, read back into its typed shape; `not_started` when no follower has run yet. */
export async function getChainConnection(db: DbOrTx, endpoint: string): Promise<ChainConnection> {
  const row = await getWorkerStatus(db, CHAIN_WORKER);
  const detail = chainDetailSchema.safeParse(row?.detail ?? {});
  const d = detail.success ? detail.data : {};
  return {
    endpoint: d.endpoint ?? endpoint,
    state: row
      ? (chainConnectionSchema.shape.state.safeParse(row.state).data ?? "connecting")
      : "not_started",
    finalizedBlock: d.finalizedBlock ?? null,
    finalizedHash: d.finalizedHash ?? null,
    specVersion: d.specVersion ?? null,
    chainName: d.chainName ?? null,
    attempt: d.attempt ?? 0,
    nextRetryAt: d.nextRetryAt ?? null,
    lastError: row?.lastError ?? null,
    lastErrorAt: row?.lastErrorAt?.toISOString() ?? null,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

/** What chain ingest merges into the chain worker's detail (workers/chain-ingest/progress.ts). */
const ingestDetailSchema = z
  .object({
    ingest: z
      .object({ mode: z.enum(["backfill", "following"]), blocksPerSecond: z.number(), problem: z.string() })
      .partial(),
  })
  .partial();

const chainDetailSchema = chainConnectionSchema
  .pick({
    endpoint: true,
    finalizedBlock: true,
    finalizedHash: true,
    specVersion: true,
    chainName: true,
    attempt: true,
    nextRetryAt: true,
  })
  .partial();

export interface StatusContext {
  network: string;
  netuid: number;
  endpoint: string;
  /** Whether an archive endpoint is configured. */
  archiveEndpoint: boolean;
  driver: Status["database"]["driver"];
  location: string;
  /** EPISTULA_SIGNED_FOR: published so a validator knows what to sign for. */
  signedFor: string;
  now: Date;
}

export async function getStatus(db: DbOrTx, ctx: StatusContext): Promise<Status> {
  const [chain, cursor, counts, worker, gaps] = await Promise.all([
    getChainConnection(db, ctx.endpoint),
    getCursor(db, ctx.network, ctx.netuid),
    getCounts(db),
    getWorkerStatus(db, CHAIN_WORKER),
    listGaps(db, ctx),
  ]);
  const progress = ingestDetailSchema.safeParse(worker?.detail ?? {}).data?.ingest;
  const lagBlocks =
    chain.finalizedBlock !== null && cursor ? Math.max(0, chain.finalizedBlock - cursor.blockNumber) : null;
  return {
    network: ctx.network,
    netuid: ctx.netuid,
    serverTime: ctx.now.toISOString(),
    chain,
    ingest: {
      lastIngestedBlock: cursor?.blockNumber ?? null,
      lastIngestedHash: cursor?.blockHash ?? null,
      lagBlocks,
      mode: progress?.mode ?? null,
      blocksPerSecond: progress?.blocksPerSecond ?? null,
      updatedAt: cursor?.updatedAt.toISOString() ?? null,
      firstBlock: cursor?.firstBlock ?? null,
      archiveEndpoint: ctx.archiveEndpoint,
      gaps: gaps.map((g) => ({ ...g, recordedAt: g.recordedAt.toISOString() })),
      problem: progress?.problem ?? null,
    },
    database: { driver: ctx.driver, location: ctx.location },
    protocol: paramsInForce(chain.finalizedBlock),
    epistula: { signedFor: ctx.signedFor },
    counts,
  };
}

function paramsInForce(block: number | null): Status["protocol"] {
  const version =
    block === null ? PARAMS_VERSIONS[PARAMS_VERSIONS.length - 1] : paramsVersionAt(block, PARAMS_VERSIONS);
  if (!version) throw new Error("PARAMS_VERSIONS is empty");
  return { fromBlock: version.fromBlock, params: { ...version.params } };
}
