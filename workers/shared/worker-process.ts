import { openDatabase, type Database } from "@/db/client";
import { EnvError, loadEnv, type Env } from "@/env";
import { createLogger, type Logger } from "@/lib/log";
import { onShutdown } from "./shutdown";

/**
 * A worker's main: opens (and migrates) the database the environment names, starts the worker on it, and
 * stops both on the first SIGTERM/SIGINT. A bad environment exits 1 with its message.
 */
export function runWorkerProcess(
  processName: string,
  start: (database: Database, env: Env, log: Logger) => { stop(): Promise<void> },
): void {
  const main = async () => {
    const env = loadEnv();
    const log = createLogger(
      { process: processName, network: env.NETWORK, netuid: env.NETUID },
      env.LOG_LEVEL,
    );
    const database = await openDatabase({
      databaseUrl: env.DATABASE_URL,
      pgliteDataDir: env.PGLITE_DATA_DIR,
    });
    const running = start(database, env, log);
    onShutdown(log, async () => {
      await running.stop();
      await database.close();
    });
    // After the handlers: a supervisor may signal as soon as it reads this line.
    log.info("database ready", { driver: database.driver, location: database.location });
  };
  main().catch((error: unknown) => {
    console.error(error instanceof EnvError ? error.message : error);
    process.exit(1);
  });
}
