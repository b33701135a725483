// `npm start`: one process serving the built app with its workers on one database (PGlite by default); on
// Postgres the workers run in a child process of it, so their CPU never holds up a page.
// `npm run dev` (--dev): the same process around `next dev` instead, which serves pages and API routes itself
// and reloads them; the workers run here too, as PGlite allows one opener per data directory.
import { closeDatabase, getDatabase } from "@/db/instance";
import { EnvError, loadEnv } from "@/env";
import { createLogger } from "@/lib/log";
import type { RunningWorkers } from "@/workers/index";
import { isWorkersChild, runAsWorkersChild } from "@/workers/shared/fork-workers";
import { onShutdown } from "@/workers/shared/shutdown";
import { API_ROUTES } from "@/app/api/routes";
import { withApiFront, type NodeHandler } from "./api-front";
import { createHttpServer } from "./http-server";
import { withPageCache } from "./page-cache";

async function main(): Promise<void> {
  const env = loadEnv();
  const log = createLogger({ process: "explorer", network: env.NETWORK, netuid: env.NETUID }, env.LOG_LEVEL);
  // Open (and migrate) before serving, so the first request never races a migration.
  const database = await getDatabase();
  log.info("database ready", { driver: database.driver, location: database.location });

  // Loaded only when they run: the chain client (@polkadot/api) alone adds tens of MB to a serving instance.
  const workers: RunningWorkers | null = env.RUN_WORKERS
    ? (await import("@/workers/index")).startWorkersBeside(database, env, log)
    : null;
  if (!workers) log.info("workers disabled (RUN_WORKERS=false): this instance only serves");

  const dev = process.argv.includes("--dev");
  const { default: next } = await import("next");
  const app = next({ dev, dir: process.cwd(), hostname: env.HOSTNAME, port: env.PORT });
  const handle = app.getRequestHandler();
  await app.prepare();
  // /api/* is answered by the route modules directly (server/api-front.ts); pages go through the page cache.
  const serve: NodeHandler = dev
    ? (req, res) => handle(req, res)
    : withApiFront(
        API_ROUTES,
        withPageCache((req, res) => handle(req, res)),
        (error) => log.error("unhandled error in an API route", { error }),
      );
  const server = createHttpServer((req, res) => void serve(req, res));
  // Before listening: a supervisor may signal as soon as the port answers or the line below is logged.
  onShutdown(log, async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // Open streams (server-sent events) would hold the close forever; give requests in flight 5 s.
    setTimeout(() => server.closeAllConnections(), 5_000).unref();
    await closed;
    await workers?.stop();
    await closeDatabase();
  });
  await new Promise<void>((resolve) => server.listen(env.PORT, env.HOSTNAME, resolve));
  log.info(`explorer listening on http://localhost:${env.PORT}`, { port: env.PORT });
}

// The worker process a Postgres server forks (workers/shared/fork-workers.ts) is this script run again.
if (isWorkersChild()) runAsWorkersChild((await import("@/workers/index")).startWorkers);
else
  main().catch((error: unknown) => {
    console.error(error instanceof EnvError ? error.message : error);
    process.exit(1);
  });
