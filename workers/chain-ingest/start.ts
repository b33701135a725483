// Wires chain ingest into the follower: the follower keeps the connection and hands each finalized head to
// ingest. Used by the standalone worker (main.ts) and by `npm start`'s in-process workers alike.
import type { Database } from "@/db/client";
import type { Env } from "@/env";
import type { Logger } from "@/lib/log";
import { ArchiveEndpoint } from "./archive";
import { ChainFollower } from "./follower";
import { ChainIngest, type ChainIngestOptions } from "./ingest";

export interface ChainIngestConfig {
  endpoint: string;
  archiveEndpoint?: string;
  network: string;
  netuid: number;
  /** Tuning and start-block options; the defaults suit finney. */
  ingest?: Partial<Omit<ChainIngestOptions, "db" | "network" | "netuid" | "log" | "archive" | "report">>;
  connectTimeoutMs?: number;
  /** See ChainFollowerOptions.silentAfterMs. */
  silentAfterMs?: number;
  backoff?: { baseMs: number; maxMs: number };
}

export interface RunningChainIngest {
  /** Idempotent: stops reading, waits for the transaction in flight, closes the connections. */
  stop(): Promise<void>;
}

/** The configuration env.ts gives. */
export function chainIngestConfig(env: Env): ChainIngestConfig {
  return {
    endpoint: env.CHAIN_ENDPOINT,
    archiveEndpoint: env.CHAIN_ARCHIVE_ENDPOINT,
    network: env.NETWORK,
    netuid: env.NETUID,
    ingest: {
      startBlock: env.CHAIN_START_BLOCK,
      concurrency: env.CHAIN_INGEST_CONCURRENCY,
      rangeSize: env.CHAIN_INGEST_RANGE,
      archiveAfterBlocks: env.CHAIN_ARCHIVE_AFTER_BLOCKS,
    },
  };
}

export function startChainIngest(
  database: Database,
  config: ChainIngestConfig,
  log: Logger,
): RunningChainIngest {
  const archive = config.archiveEndpoint ? new ArchiveEndpoint(config.archiveEndpoint, log) : null;
  let follower: ChainFollower | null = null;
  const ingest = new ChainIngest({
    ...config.ingest,
    db: database.db,
    network: config.network,
    netuid: config.netuid,
    log,
    archive,
    backoff: config.ingest?.backoff ?? config.backoff,
    report: (detail, lastError) => follower?.reportIngest(detail, lastError),
  });
  follower = new ChainFollower({
    endpoint: config.endpoint,
    db: database.db,
    log,
    connectTimeoutMs: config.connectTimeoutMs,
    silentAfterMs: config.silentAfterMs,
    backoff: config.backoff,
    onFinalized: (api, head, sender) => ingest.onFinalized({ api, sender }, head),
  });
  follower.start();
  let stopping: Promise<void> | null = null;
  return {
    // Ingest first: its transaction must finish before the connection it reads from goes away.
    stop: () => (stopping ??= ingest.stop().then(() => follower?.stop())),
  };
}
