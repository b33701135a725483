import { monitorEventLoopDelay } from "node:perf_hooks";
import { desc, eq } from "drizzle-orm";
import { openDatabase, type Database, type DbOrTx } from "@/db/client";
import { publishChange } from "@/db/notify";
import { getWorkerStatus } from "@/db/queries/status";
import { standingsState, submissions, workerStatus } from "@/db/schema";
import {
  BENCH_NETUID,
  BENCH_NETWORK,
  generateBenchDataset,
  repostRun,
  type BenchShape,
} from "@/db/test-support/bench-dataset";
import { createScratchDatabase } from "@/db/test-support/scratch-database";
import { seedRun } from "@/db/test-support/seed-run";
import { loadEnv } from "@/env";
import { createLogger } from "@/lib/log";
import { startWorkers, startWorkersBeside, type RunningWorkers } from "@/workers/index";
import { recomputeStandings } from "@/workers/standings/recompute";
import { STANDINGS_WORKER } from "@/workers/standings/worker";
import type { Dataset } from "../dataset/prepare";
import { settleStandings } from "../dataset/standings";
import { load1 } from "../lib/machine";
import type { BenchRow } from "../lib/result";
import { percentile, round } from "../lib/stats";
import { BENCH_RUNNER_VERSION, deleteBenchRuns } from "./ingest";

// The standings worker at a year of history against the same on day one, in one run: a pass applying one run
// on the year-of-mainnet dataset and on a fresh database holding a few submissions, taking turns; the full
// rebuild from stored rows; and the longest event-loop delay of a serving process while its workers
// (started as `npm start` starts them) apply runs. Every timed pass runs in a transaction rolled back after
// it, and the runs the last part posts are deleted, so the dataset stays as generated.

class RolledBack extends Error {}

/** Runs `work` in a transaction and rolls it back, answering what `work` answered. */
async function rolledBack<T>(database: Database, work: (tx: DbOrTx) => Promise<T>): Promise<T> {
  let result: { value: T } | null = null;
  await database.db
    .transaction(async (tx) => {
      result = { value: await work(tx) };
      throw new RolledBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RolledBack)) throw error;
    });
  if (result === null) throw new Error("the rolled-back work answered nothing");
  return (result as { value: T }).value;
}

const pass = (db: DbOrTx) =>
  recomputeStandings(db, { netuid: BENCH_NETUID, network: BENCH_NETWORK, now: new Date() });

/** The newest submission (still open in the dataset) and a validator holding a permit. */
async function target(database: Database, validators: readonly string[]) {
  const [newest] = await database.db
    .select({ id: submissions.id })
    .from(submissions)
    .where(eq(submissions.netuid, BENCH_NETUID))
    .orderBy(desc(submissions.id))
    .limit(1);
  if (!newest || validators[0] === undefined) throw new Error("the dataset has no submission to post to");
  return { submissionId: newest.id, validatorHotkey: validators[0] };
}

/** Milliseconds of a pass that applies one new run (inserted in the same rolled-back transaction). */
async function timeApplyOne(database: Database, validators: readonly string[]): Promise<number> {
  const { submissionId, validatorHotkey } = await target(database, validators);
  return rolledBack(database, async (tx) => {
    await seedRun(tx, { submissionId, validatorHotkey, score: 0.3, runnerVersion: BENCH_RUNNER_VERSION });
    const started = performance.now();
    await pass(tx);
    return performance.now() - started;
  });
}

/** A day-one subnet: the generator's world at a few submissions and epochs, on a database of its own. */
function dayOneShape(shape: BenchShape): BenchShape {
  return { ...shape, submissions: 40, epochs: 20 };
}

export async function standingsRows(
  dataset: Dataset,
  options: { adminUrl: string; rounds: number; loopSeconds: number },
  log: (line: string) => void,
): Promise<BenchRow[]> {
  if (dataset.driver !== "postgres")
    throw new Error("the standings row runs on Postgres (--driver postgres)");
  const year = await dataset.open();
  const scratch = await createScratchDatabase(options.adminUrl, "cacheon_bench_standings");
  const fresh = await openDatabase({ databaseUrl: scratch.url });
  const rows: BenchRow[] = [];
  try {
    log("standings: a fresh database of 40 submissions, and a first pass on both");
    await generateBenchDataset(fresh.db, dayOneShape(dataset.shape));
    await settleStandings(fresh.db, dayOneShape(dataset.shape));
    await pass(year.db);

    const yearMs: number[] = [];
    const freshMs: number[] = [];
    for (let i = 0; i < options.rounds; i++) {
      yearMs.push(await timeApplyOne(year, dataset.shape.validators));
      freshMs.push(await timeApplyOne(fresh, dataset.shape.validators));
    }
    const y = percentile(yearMs, 50);
    const f = percentile(freshMs, 50);
    log(`standings: one run applied, p50 ${round(y, 1)} ms at a year, ${round(f, 1)} ms on day one`);
    rows.push({
      row: "standings",
      what: `a standings pass applying one posted run, year of mainnet (${dataset.shape.submissions} submissions), p50 of ${options.rounds}`,
      figure: `${round(y, 1)} ms`,
      reference: `the same on a fresh database (40 submissions): ${round(f, 1)} ms`,
      ratio: `${round(y / f, 2)}×`,
      target: "within 2×",
      met: y <= 2 * f,
      load: load1(),
      detail: { yearMs, freshMs },
    });

    log("standings: the full rebuild from stored rows (rolled back)");
    const rebuildMs = await rolledBack(year, async (tx) => {
      await tx.delete(standingsState);
      const started = performance.now();
      const result = await pass(tx);
      return { ms: performance.now() - started, changed: result.changedSubmissionIds.length };
    });
    rows.push({
      row: "standings",
      what: "the full rebuild of the standings from stored rows (no frozen state), year of mainnet",
      figure: `${round(rebuildMs.ms / 1000, 2)} s, ${rebuildMs.changed} submissions rewritten`,
      reference: `one incremental pass: ${round(y, 1)} ms`,
      ratio: "—",
      target: "rewrites nothing (the dataset agrees)",
      met: rebuildMs.changed === 0,
      load: load1(),
    });

    log(
      `standings: the serving process's event loop while its workers apply runs, ${options.loopSeconds} s each`,
    );
    const forked = await loopDelayWhileWorking(year, dataset, options.loopSeconds, "forked");
    const inProcess = await loopDelayWhileWorking(year, dataset, options.loopSeconds, "in process");
    // What the machine alone costs the loop (a shared machine's other work included).
    const idle = await loopDelayWhileWorking(year, dataset, options.loopSeconds, "none");
    rows.push({
      row: "standings",
      what: `the longest event-loop delay of the serving process while its workers (as npm start runs them on Postgres) apply a run every 500 ms for ${options.loopSeconds} s`,
      figure: `${round(forked.maxMs, 1)} ms (${forked.passes} passes)`,
      reference: `the workers in the serving process: ${round(inProcess.maxMs, 1)} ms (${inProcess.passes} passes); no workers: ${round(idle.maxMs, 1)} ms`,
      ratio: "—",
      target: "< 50 ms",
      met: forked.maxMs < 50,
      load: load1(),
    });
  } finally {
    await deleteBenchRuns(year.db, BENCH_RUNNER_VERSION, dataset.shape.validators);
    await Promise.all([year.close(), fresh.close()]);
    await scratch.drop();
  }
  return rows;
}

/**
 * Starts the workers on the dataset (in a child process as `npm start` does on Postgres, in this process, or
 * none), posts a run every 500 ms for `seconds` (a copy of one, in one statement) and answers the longest delay
 * of this process's event loop meanwhile, and how many standings passes ran. The chain client and the official
 * importer are pointed nowhere.
 */
async function loopDelayWhileWorking(
  database: Database,
  dataset: Dataset,
  seconds: number,
  where: "forked" | "in process" | "none",
): Promise<{ maxMs: number; passes: number }> {
  const saved = { ...process.env };
  Object.assign(process.env, dataset.env, {
    NETWORK: BENCH_NETWORK,
    NETUID: String(BENCH_NETUID),
    CHAIN_ENDPOINT: "ws://127.0.0.1:9",
    OFFICIAL_API_URL: "",
    LOG_LEVEL: "error",
  });
  const env = loadEnv();
  const log = createLogger({ process: "bench" }, "error");
  // Counted by the worker since it started (its status detail), the pass at its start included.
  const passesSoFar = async () =>
    Number((await getWorkerStatus(database.db, STANDINGS_WORKER))?.detail?.passes ?? 0);
  let workers: RunningWorkers | null = null;
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  try {
    await database.db.delete(workerStatus).where(eq(workerStatus.worker, STANDINGS_WORKER));
    if (where === "forked") workers = startWorkersBeside(database, env, log, { entry: "scripts/start.ts" });
    if (where === "in process") workers = startWorkers(database, env, log);
    // Measured once the worker has made its first pass (a child process takes a while to start).
    const ready = performance.now() + 180_000;
    while (workers !== null && (await passesSoFar()) < 1) {
      if (performance.now() > ready) throw new Error(`the standings worker (${where}) never made a pass`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const passesBefore = workers === null ? 0 : await passesSoFar();
    const { submissionId, validatorHotkey } = await target(database, dataset.shape.validators);
    const templateRunId = await seedRun(database.db, {
      submissionId,
      validatorHotkey,
      score: 0.3,
      runnerVersion: BENCH_RUNNER_VERSION,
    });
    histogram.enable();
    const until = performance.now() + seconds * 1000;
    while (performance.now() < until) {
      if (workers !== null) {
        const run = { templateRunId, submissionId, validatorHotkey, runnerVersion: BENCH_RUNNER_VERSION };
        const runId = await repostRun(database.db, run);
        await publishChange(database.db, { type: "run", runId, submissionId });
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    histogram.disable();
    return {
      maxMs: histogram.max / 1e6,
      passes: workers === null ? 0 : (await passesSoFar()) - passesBefore,
    };
  } finally {
    await workers?.stop();
    process.env = saved;
    await deleteBenchRuns(database.db, BENCH_RUNNER_VERSION, dataset.shape.validators);
  }
}
