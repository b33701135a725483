import type { Database } from "@/db/client";
import type { Env } from "@/env";
import type { Logger } from "@/lib/log";
import { chainIngestConfig, startChainIngest } from "./chain-ingest/start";
import { startOfficialImport } from "./official-import/worker";
import { forkWorkers } from "./shared/fork-workers";
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

/**
 * The workers of a server started with RUN_WORKERS (`npm start`, `npm run dev`): on Postgres in a child process
 * (shared/fork-workers.ts), so their CPU never holds up a page. PGlite is opened by one process only and runs
 * every query on that process's thread, so there they run beside the pages on the server's own database.
 */
export function startWorkersBeside(
  database: Database,
  env: Env,
  log: Logger,
  options: { entry?: string } = {},
): RunningWorkers {
  if (database.driver === "pglite") return startWorkers(database, env, log);
  const child = forkWorkers(log, options);
  log.info("workers started in their own process", { pid: child.pid() });
  return child;
}
