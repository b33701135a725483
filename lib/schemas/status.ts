import { z } from "zod";

/** What the chain follower reports about its connection (stored in worker_status, read by every instance). */
export const chainConnectionSchema = z.object({
  endpoint: z.string(),
  state: z.enum(["not_started", "connecting", "connected", "unreachable"]),
  finalizedBlock: z.number().int().nullable(),
  finalizedHash: z.string().nullable(),
  specVersion: z.number().int().nullable(),
  chainName: z.string().nullable(),
  attempt: z.number().int(),
  nextRetryAt: z.iso.datetime().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.iso.datetime().nullable(),
  updatedAt: z.iso.datetime().nullable(),
});
export type ChainConnection = z.infer<typeof chainConnectionSchema>;

export const statusSchema = z.object({
  network: z.string(),
  netuid: z.number().int(),
  serverTime: z.iso.datetime(),
  chain: chainConnectionSchema,
  ingest: z.object({
    lastIngestedBlock: z.number().int().nullable(),
    lastIngestedHash: z.string().nullable(),
    /** Finalized head minus last ingested block; null until both are known. */
    lagBlocks: z.number().int().nullable(),
    /** `backfill` while catching up (many blocks behind), `following` at the head; null before ingest reports. */
    mode: z.enum(["backfill", "following"]).nullable().optional(),
    /** Blocks stored per second over the last few seconds, as chain ingest last reported it. */
    blocksPerSecond: z.number().nullable().optional(),
    updatedAt: z.iso.datetime().nullable(),
    /** The first block this explorer stored; history before it needs an archive endpoint. */
    firstBlock: z.number().int().nullable(),
    /** Whether CHAIN_ARCHIVE_ENDPOINT is set (history before firstBlock and gaps can then be read). */
    archiveEndpoint: z.boolean(),
    /** Blocks skipped because the node had pruned their state; figures summed over them are incomplete. */
    gaps: z.array(
      z.object({
        fromBlock: z.number().int(),
        toBlock: z.number().int(),
        reason: z.string(),
        recordedAt: z.iso.datetime(),
      }),
    ),
    /** Why ingest stopped for good (a pruned start block, a re-registered netuid); null while it runs. */
    problem: z.string().nullable(),
  }),
  database: z.object({ driver: z.enum(["pglite", "postgres"]), location: z.string() }),
  /** The protocol parameters in force at the finalized block (or the latest version before any block is known). */
  protocol: z.object({
    fromBlock: z.number().int(),
    params: z.record(z.string(), z.unknown()),
  }),
  /** The explorer's Epistula identity: what a validator puts in Epistula-Signed-For and signs (may be empty). */
  epistula: z.object({ signedFor: z.string() }),
  counts: z.object({
    commitments: z.number().int(),
    submissions: z.number().int(),
    runs: z.number().int(),
    validators: z.number().int(),
    reigns: z.number().int(),
    metagraphSnapshots: z.number().int(),
  }),
});
export type Status = z.infer<typeof statusSchema>;
