// Load test of the production build: `concurrency` readers and a fixed rate of signed run posts against
// server/start.ts, then a check that every run answered 201 is stored exactly once. Exits 1 on any error.
//   node --import tsx bench/load/main.ts [--seconds 60] [--readers 200] [--writes-per-second 50]
//     [--port 3400] [--dist-dir .next] [--postgres postgres://postgres@127.0.0.1:5432/postgres] [--json out.json] [--profile-dir dir]
import { writeFile } from "node:fs/promises";
import os from "node:os";
import { parseArgs } from "node:util";
import { inArray, sql } from "drizzle-orm";
import { executeRows } from "@/db/client";
import { runs } from "@/db/schema";
import { createLoadDatabase } from "./database";
import { runReaders, readPaths } from "./readers";
import { loadValidators, seedLoadWorld } from "./seed";
import { startExplorer } from "../lib/server";
import { prepareWrites, runWriters } from "./writers";

const SIGNED_FOR = "cacheon-load";

const { values: args } = parseArgs({
  options: {
    seconds: { type: "string", default: "60" },
    readers: { type: "string", default: "200" },
    "writes-per-second": { type: "string", default: "50" },
    port: { type: "string", default: "3400" },
    "dist-dir": { type: "string", default: process.env.NEXT_DIST_DIR ?? ".next" },
    postgres: { type: "string" },
    json: { type: "string" },
    "profile-dir": { type: "string" },
  },
});
const seconds = Number(args.seconds);
const readers = Number(args.readers);
const perSecond = Number(args["writes-per-second"]);

const loadAverage = () => os.loadavg().map((n) => Math.round(n * 100) / 100);

async function main(): Promise<number> {
  const validators = await loadValidators();
  const database = await createLoadDatabase(args.postgres);
  try {
    const seeding = await database.open();
    const world = await seedLoadWorld(
      seeding.db,
      validators.map((v) => v.address),
    );
    const [{ n: seededRuns } = { n: 0 }] = await executeRows<{ n: number }>(
      seeding.db,
      sql`select count(*)::int as n from runs`,
    );
    await seeding.close();

    const writes = prepareWrites(Math.round(seconds * perSecond), validators, world.targets);
    // As `npm start` serves it: workers included, so the standings react to every run as in production.
    const server = await startExplorer({
      port: Number(args.port),
      distDir: args["dist-dir"],
      env: { ...database.env, EPISTULA_SIGNED_FOR: SIGNED_FOR, LOG_LEVEL: "warn" },
      workers: true,
      stderr: "capture",
      profileDir: args["profile-dir"],
    });
    const paths = readPaths(world);
    let report: Record<string, unknown>;
    try {
      // One request per path first (not counted): the first hit of a route loads its bundle.
      for (const path of paths) await (await fetch(`${server.url}${path}`)).arrayBuffer();
      const loadBefore = loadAverage();
      const stop = new AbortController();
      const started = performance.now();
      const reading = runReaders(
        { baseUrl: server.url, paths, concurrency: readers, timeoutMs: 60_000 },
        stop.signal,
      );
      const writing = runWriters(
        { baseUrl: server.url, signedFor: SIGNED_FOR, perSecond, timeoutMs: 60_000 },
        writes,
        new AbortController().signal,
      );
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      stop.abort();
      const [readTally, written] = await Promise.all([reading, writing]);
      const elapsed = (performance.now() - started) / 1000;
      report = {
        seconds: Math.round(elapsed * 10) / 10,
        readers,
        writesPerSecond: perSecond,
        database: args.postgres ? "postgres" : "pglite",
        cpus: os.cpus().length,
        loadAverage: { before: loadBefore, after: loadAverage() },
        reads: readTally.summary(elapsed),
        writes: written.tally.summary(elapsed),
        stored: written.stored.length,
      };
      const code = await server.stop();
      if (code !== 0) report.serverExit = code;
      // Loses nothing, duplicates nothing: every run answered 201 is in the table once, and nothing else is.
      const check = await database.open();
      try {
        const found = written.stored.length
          ? await check.db.select({ runId: runs.runId }).from(runs).where(inArray(runs.runId, written.stored))
          : [];
        const [{ n: total } = { n: 0 }] = await executeRows<{ n: number }>(
          check.db,
          sql`select count(*)::int as n from runs`,
        );
        // A post the client gave up on (timeout) may still have been stored: a runner would post the same
        // bytes again and be answered 200. Any other extra row would be a run nobody posted.
        const late = written.unanswered.length
          ? await check.db
              .select({ runId: runs.runId })
              .from(runs)
              .where(inArray(runs.runId, written.unanswered))
          : [];
        report.verified = {
          storedRunsFound: found.length,
          storedAfterClientGaveUp: late.length,
          extraRuns: total - seededRuns - found.length - late.length,
        };
      } finally {
        await check.close();
      }
    } finally {
      await server.stop();
    }
    console.log(JSON.stringify(report, null, 2));
    if (args.json) await writeFile(args.json, `${JSON.stringify(report, null, 2)}\n`);
    const reads = report.reads as { errors: number };
    const writesSummary = report.writes as { errors: number; requests: number };
    const verified = report.verified as { storedRunsFound: number; extraRuns: number };
    const failures = [
      reads.errors > 0 && `${reads.errors} read errors`,
      writesSummary.errors > 0 && `${writesSummary.errors} write errors`,
      writesSummary.requests !== writes.length && `${writesSummary.requests} of ${writes.length} writes sent`,
      verified.storedRunsFound !== (report.stored as number) && "a run answered 201 is missing",
      verified.extraRuns !== 0 && `${verified.extraRuns} runs stored that were not answered 201`,
      report.serverExit !== undefined && `the server exited with ${String(report.serverExit)}`,
    ].filter((f): f is string => typeof f === "string");
    if (failures.length > 0) {
      console.error(
        `LOAD TEST FAILED: ${failures.join("; ")}\nserver stderr (tail):\n${server.stderr().slice(-5_000)}`,
      );
      return 1;
    }
    console.log("load test passed: zero errors, every stored run found once");
    return 0;
  } finally {
    await database.remove();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
