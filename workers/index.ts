import type { Database } from "@/db/client";
import type { Env } from "@/env";
import type { Logger } from "@/lib/log";
import { chainIngestConfig, startChainIngest } from "./chain-ingest/start";
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
  let stopping: Promise<void> | null = null;
  return {
    stop: () => (stopping ??= Promise.all([chain.stop(), standings.stop()]).then(() => undefined)),
  };
}
