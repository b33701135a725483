import type { Database } from "@/db/client";
import type { Env } from "@/env";
import type { Logger } from "@/lib/log";
import { chainIngestConfig, startChainIngest } from "./chain-ingest/start";
import { startOfficialImport } from "./official-import/worker";
import { startStandingsWorker } from "./standings/worker";

export interface RunningWorkers {
  stop(): Promise<void>;
}

/** Starts every background worker of the explorer against one database; `stop()` is graceful and idempotent. */
export function startWorkers(database: Database, env: Env, log: Logger): RunningWorkers {
  const chain = startChainIngest(database, chainIngestConfig(env), log.child({ worker: "chain" }));
  const standings = startStandingsWorker(database, {
    netuid: env.NETUID,
    network: env.NETWORK,
    log: log.child({ worker: "standings" }),
  });
  // The official track: imported records are never runs and never enter the consensus.
  const official = startOfficialImport(database, {
    baseUrl: env.OFFICIAL_API_URL,
    log: log.child({ worker: "official" }),
  });
  const workers = [chain, standings, official];
  let stopping: Promise<void> | null = null;
  return {
    stop: () => (stopping ??= Promise.all(workers.map((w) => w.stop())).then(() => undefined)),
  };
}
