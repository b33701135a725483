// The official importer as its own process (production: next to `RUN_WORKERS=false` app instances on Postgres).
import { openDatabase } from "@/db/client";
import { EnvError, loadEnv } from "@/env";
import { createLogger } from "@/lib/log";
import { onShutdown } from "../shared/shutdown";
import { startOfficialImport } from "./worker";

async function main(): Promise<void> {
  const env = loadEnv();
  const log = createLogger({ process: "official-import", baseUrl: env.OFFICIAL_API_URL }, env.LOG_LEVEL);
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, pgliteDataDir: env.PGLITE_DATA_DIR });
  const worker = startOfficialImport(database, { baseUrl: env.OFFICIAL_API_URL, log });
  onShutdown(log, async () => {
    await worker.stop();
    await database.close();
  });
  log.info("database ready", { driver: database.driver, location: database.location });
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
