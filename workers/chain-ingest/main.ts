// Chain ingest alone, as its own process (tests, and operators who want only the follower). Production runs
// workers/main.ts, which starts this and every other worker.
import { runWorkerProcess } from "../shared/worker-process";
import { chainIngestConfig, startChainIngest } from "./start";

runWorkerProcess("chain-ingest", (database, env, log) =>
  startChainIngest(database, chainIngestConfig(env), log),
);
