import type { Database } from "@/db/client";
import type { Env } from "@/env";
import type { Logger } from "@/lib/log";
import { ChainFollower } from "./chain-ingest/follower";
import { startStandingsWorker } from "./standings/worker";

export interface RunningWorkers {
  stop(): Promise<void>;
}

/** Starts every background worker of the explorer against one database; `stop()` is graceful and idempotent. */
export function startWorkers(database: Database, env: Env, log: Logger): RunningWorkers {
  const follower = new ChainFollower({
    endpoint: env.CHAIN_ENDPOINT,
    db: database.db,
    log: log.child({ worker: "chain" }),
  });
  follower.start();
  const standings = startStandingsWorker(database, {
    netuid: env.NETUID,
    network: env.NETWORK,
    log: log.child({ worker: "standings" }),
  });
  let stopping: Promise<void> | null = null;
  return {
    stop: () => (stopping ??= Promise.all([follower.stop(), standings.stop()]).then(() => undefined)),
  };
}
