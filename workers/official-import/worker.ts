import type { Database } from "@/db/client";
import { upsertWorkerStatus } from "@/db/queries/status";
import type { Logger } from "@/lib/log";
import { WorkerLoop } from "../shared/loop";
import { OfficialClient } from "./client";
import { OfficialImporter, type ImporterOptions } from "./import";
import { RateLimiter } from "./rate-limiter";

import { OFFICIAL_WORKER } from "@/db/queries/official";

export { OFFICIAL_WORKER };

export interface OfficialImportOptions extends ImporterOptions {
  /** Empty: the importer is disabled and says so on /status. */
  baseUrl: string;
  log: Logger;
  /** Requests per window, shared by everything the importer does (the API allows 60 a minute). */
  limit?: number;
  windowMs?: number;
  /** Between passes when nothing is due (default 5 s: the eval progress' Cache-Control). */
  idleMs?: number;
}

export interface OfficialImportWorker {
  stop(): Promise<void>;
  importer: OfficialImporter | null;
}

// A margin under the API's 60 a minute: its window and ours do not start at the same instant.
const DEFAULT_LIMIT = 50;

export function startOfficialImport(
  database: Database,
  options: OfficialImportOptions,
): OfficialImportWorker {
  const { log } = options;
  const now = options.now ?? (() => new Date());
  const report = (state: string, detail: Record<string, unknown>, lastError?: string | null) =>
    upsertWorkerStatus(database.db, { worker: OFFICIAL_WORKER, state, detail, lastError }, now());

  if (options.baseUrl === "") {
    void report("disabled", { baseUrl: "" }).catch((error: unknown) =>
      log.warn("could not record the official importer as disabled", { error }),
    );
    log.info("official importer disabled (OFFICIAL_API_URL is empty)");
    return { stop: () => Promise.resolve(), importer: null };
  }

  const limiter = new RateLimiter(options.limit ?? DEFAULT_LIMIT, options.windowMs ?? 60_000);
  const client = new OfficialClient({ baseUrl: options.baseUrl, limiter });
  const importer = new OfficialImporter(database, client, options);
  const abort = new AbortController();
  let lastOkAt: string | null = null;

  const loop = new WorkerLoop({
    minIntervalMs: 1_000,
    idleMs: options.idleMs ?? 5_000,
    backoff: { baseMs: 1_000, maxMs: 60_000 },
    iterate: async () => {
      const started = now();
      const result = await importer.cycle(abort.signal);
      if (result.state === "ok") lastOkAt = started.toISOString();
      if (result.added + result.changed > 0 || result.unknownShapes > 0) {
        log.info("official records imported", {
          added: result.added,
          changed: result.changed,
          unknownShapes: result.unknownShapes,
        });
      }
      if (result.state !== "ok")
        log.warn("official API not answering", { state: result.state, error: result.lastError });
      await report(
        result.state,
        {
          baseUrl: options.baseUrl,
          lastCycleAt: started.toISOString(),
          lastOkAt,
          fetched: result.fetched,
          nextRetryAt: result.retryAt?.toISOString() ?? null,
          requestsInWindow: limiter.startsInWindow(),
        },
        result.lastError,
      );
    },
    onError: async (error, attempt, retryInMs) => {
      const message = error instanceof Error ? error.message : String(error);
      log.error("official import failed", { attempt, retryInMs, error });
      await report("error", { baseUrl: options.baseUrl, attempt }, message);
    },
  });
  loop.start();

  let stopping: Promise<void> | null = null;
  return {
    importer,
    stop: () =>
      (stopping ??= (async () => {
        abort.abort();
        await loop.stop();
      })()),
  };
}
