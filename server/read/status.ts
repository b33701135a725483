import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { listGaps } from "@/db/queries/chain";
import { CHAIN_WORKER, getCounts, getCursor, getWorkerStatus } from "@/db/queries/status";
import { PARAMS_VERSIONS, paramsVersionAt } from "@/lib/protocol/params";
import { chainConnectionSchema, type ChainConnection, type Status } from "@/lib/schemas/status";
import type { ReadContext } from "./context";

/** The chain follower's row, read back into its typed shape; `not_started` when no follower has run yet. */
async function getChainConnection(db: DbOrTx, endpoint: string): Promise<ChainConnection> {
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

/** GET /api/v1/status: chain connection, ingest progress, the database, the rules in force and counts. */
export async function readStatus(ctx: ReadContext): Promise<Status> {
  const { db, driver, location } = ctx.database;
  const { network, netuid } = ctx;
  const [chain, cursor, counts, worker, gaps] = await Promise.all([
    getChainConnection(db, ctx.settings.chainEndpoint),
    getCursor(db, network, netuid),
    getCounts(db),
    getWorkerStatus(db, CHAIN_WORKER),
    listGaps(db, { network, netuid }),
  ]);
  const progress = ingestDetailSchema.safeParse(worker?.detail ?? {}).data?.ingest;
  const lagBlocks =
    chain.finalizedBlock !== null && cursor ? Math.max(0, chain.finalizedBlock - cursor.blockNumber) : null;
  return {
    network,
    netuid,
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
      archiveEndpoint: ctx.settings.archiveEndpoint,
      gaps: gaps.map((g) => ({ ...g, recordedAt: g.recordedAt.toISOString() })),
      problem: progress?.problem ?? null,
    },
    database: { driver, location },
    protocol: paramsInForce(chain.finalizedBlock),
    epistula: { signedFor: ctx.settings.signedFor },
    counts,
  };
}

function paramsInForce(block: number | null): Status["protocol"] {
  const version =
    block === null ? PARAMS_VERSIONS[PARAMS_VERSIONS.length - 1] : paramsVersionAt(block, PARAMS_VERSIONS);
  if (!version) throw new Error("PARAMS_VERSIONS is empty");
  return { fromBlock: version.fromBlock, params: { ...version.params } };
}
