import type { Database } from "@/db/client";
import { subscribeChanges, type Change } from "@/db/notify";
import { upsertWorkerStatus } from "@/db/queries/status";
import type { Logger } from "@/lib/log";
import { WorkerLoop } from "../shared/loop";
import { recomputeStandings } from "./recompute";

export const STANDINGS_WORKER = "standings";

export interface StandingsWorkerOptions {
  netuid: number;
  network: string;
  log: Logger;
  /** Debounce between recomputes (default 250 ms). */
  minIntervalMs?: number;
  /** Recompute at least this often without any change (default 60 s). */
  safetyIntervalMs?: number;
  backoff?: { baseMs: number; maxMs: number };
  clock?: () => Date;
}

export interface StandingsWorker {
  notify(): void;
  /** Idempotent: unsubscribes, aborts any sleep and waits for a recompute in flight. */
  stop(): Promise<void>;
}

/** Changes that can move a verdict, a reign or an epoch's emission; our own `king`/`standings` cannot. */
export function affectsStandings(change: Change): boolean {
  switch (change.type) {
    case "run":
    case "progress":
    case "submission":
      return true;
    case "block":
      return change.epoch || change.deregistered.length > 0;
    case "king":
    case "standings":
      return false;
  }
}

/** Recomputes the standings of one subnet whenever a relevant change is published, and every minute. */
export function startStandingsWorker(database: Database, options: StandingsWorkerOptions): StandingsWorker {
  const { netuid, network, log } = options;
  const clock = options.clock ?? (() => new Date());
  const report = async (state: string, detail: Record<string, unknown>, lastError?: string) => {
    await upsertWorkerStatus(database.db, { worker: STANDINGS_WORKER, state, detail, lastError }, clock());
  };

  let passes = 0;
  const loop = new WorkerLoop({
    minIntervalMs: options.minIntervalMs ?? 250,
    // A pass shares PGlite's one thread with the requests (bench/README.md, standings row): under a stream of
    // posted runs it may take at most a quarter of the time, leaving the rest to the requests.
    maxBusyShare: 0.25,
    idleMs: options.safetyIntervalMs ?? 60_000,
    backoff: options.backoff ?? { baseMs: 1_000, maxMs: 60_000 },
    iterate: async () => {
      const started = clock();
      const result = await recomputeStandings(database.db, { netuid, network, now: started });
      if (result.kingChanged) log.info("king changed", { submissionId: result.kingSubmissionId });
      await report("running", {
        netuid,
        lastRunAt: started.toISOString(),
        durationMs: clock().getTime() - started.getTime(),
        kingSubmissionId: result.kingSubmissionId,
        changedSubmissions: result.changedSubmissionIds.length,
        passes: ++passes,
      });
    },
    onError: async (error, attempt, retryInMs) => {
      const message = error instanceof Error ? error.message : String(error);
      log.error("standings recompute failed", { attempt, retryInMs, error });
      const nextRetryAt = new Date(clock().getTime() + retryInMs).toISOString();
      await report("error", { netuid, attempt, nextRetryAt }, message);
    },
  });

  // Until the subscription is up, the first recompute (start) and the safety net cover any change.
  const subscription = subscribeChanges(
    database,
    (change) => {
      if (affectsStandings(change)) loop.notify();
    },
    (payload) => log.warn("malformed change notification", { payload: payload.slice(0, 200) }),
  ).catch((error: unknown) => {
    log.error("could not subscribe to changes; recomputing on the safety interval only", { error });
    return null;
  });
  loop.start();

  let stopping: Promise<void> | null = null;
  return {
    notify: () => loop.notify(),
    stop: () =>
      (stopping ??= (async () => {
        const unlisten = await subscription;
        await unlisten?.().catch(() => undefined);
        await loop.stop();
      })()),
  };
}
