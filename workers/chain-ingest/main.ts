// The chain worker as its own process (production: one of these next to several app instances on Postgres).
import { openDatabase } from "@/db/client";
import { EnvError, loadEnv } from "@/env";
import { createLogger } from "@/lib/log";
import { onShutdown } from "../shared/shutdown";
import { chainIngestConfig, startChainIngest } from "./start";

async function main(): Promise<void> {
  const env = loadEnv();
  const log = createLogger(
    { process: "chain-ingest", network: env.NETWORK, netuid: env.NETUID },
    env.LOG_LEVEL,
  );
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, pgliteDataDir: env.PGLITE_DATA_DIR });
  const ingest = startChainIngest(database, chainIngestConfig(env), log);
  onShutdown(log, async () => {
    await ingest.stop();
    await database.close();
  });
  // After the handlers: a supervisor may signal as soon as it reads this line.
  log.info("database ready", { driver: database.driver, location: database.location });
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
