// The bench suite, one command: `npm run bench` (every row) or `npm run bench -- pages api` (some rows).
// usage: node --import tsx bench/run.ts [rows…] [--driver postgres|pglite] [--scale 1] [--dist-dir .next]
//   [--port 3450] [--connections 64] [--seconds 10] [--ingest-runs 3000] [--ingest-concurrency 64]
//   [--backfill-blocks 7200] [--backfill-drivers postgres] [--sse-rounds 3] [--verify-rounds 3]
//   [--standings-rounds 15] [--standings-loop-seconds 10] [--router-calls 200000] [--router-rounds 15]
//   [--admin-url postgres://postgres@127.0.0.1:5432/postgres] [--profile-server <dir>] (a V8 CPU profile)
// rows: pages api ingest memory standings backfill sse verify router. Each figure is paired with a reference measured in the same run
// on the same machine; the table goes to stdout and to bench/results/.
import { existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Database } from "@/db/client";
import { serverEntry } from "../server/server-entry";
import { prepareDataset } from "./dataset/prepare";
import { validatorPairs } from "./dataset/shape";
import { machine, load1 } from "./lib/machine";
import { toMarkdown, writeResults } from "./lib/report";
import type { BenchRow } from "./lib/result";
import { startExplorer } from "./lib/server";
import { round } from "./lib/stats";
import { apiCases, apiRows, measureSql, type ApiCase, type SqlTimes } from "./rows/api";
import { backfillRows } from "./rows/backfill";
import {
  BENCH_RUNNER_VERSION,
  SIGNED_FOR,
  deleteBenchRuns,
  ingestOverHttp,
  ingestReference,
  ingestRow,
  planIngest,
  type IngestPlan,
} from "./rows/ingest";
import { pagesRows, writeStaticTwins } from "./rows/pages";
import { routerRows } from "./rows/router";
import { sseRow } from "./rows/sse";
import { standingsRows } from "./rows/standings";
import { verifyRow } from "./rows/verify";

const ROWS = [
  "pages",
  "api",
  "ingest",
  "memory",
  "standings",
  "backfill",
  "sse",
  "verify",
  "router",
] as const;
type Row = (typeof ROWS)[number];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    driver: { type: "string", default: "postgres" },
    scale: { type: "string", default: "1" },
    "dist-dir": { type: "string", default: process.env.NEXT_DIST_DIR ?? ".next" },
    port: { type: "string", default: "3450" },
    connections: { type: "string", default: "64" },
    seconds: { type: "string", default: "10" },
    "ingest-runs": { type: "string", default: "3000" },
    // As many connections as the dataset has permitted validators: all of them posting at once.
    "ingest-concurrency": { type: "string", default: "64" },
    "backfill-blocks": { type: "string", default: "7200" },
    "backfill-drivers": { type: "string", default: "postgres" },
    "sse-rounds": { type: "string", default: "5" },
    "verify-rounds": { type: "string", default: "3" },
    "standings-rounds": { type: "string", default: "15" },
    "standings-loop-seconds": { type: "string", default: "10" },
    "router-calls": { type: "string", default: "200000" },
    "router-rounds": { type: "string", default: "15" },
    "profile-server": { type: "string" },
    "admin-url": {
      type: "string",
      default: process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
    },
  },
});

const unknown = positionals.filter((p) => !(ROWS as readonly string[]).includes(p));
if (unknown.length > 0) throw new Error(`unknown rows ${unknown.join(", ")}; rows are ${ROWS.join(" ")}`);
const wanted = new Set<Row>(positionals.length > 0 ? (positionals as Row[]) : ROWS);
const driver = values.driver === "pglite" ? "pglite" : "postgres";
const distDir = values["dist-dir"];
const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const results: BenchRow[] = [];

const needsServer = ["pages", "api", "ingest", "memory"].some((r) => wanted.has(r as Row));
if (needsServer) await serverRows();
if (wanted.has("standings")) {
  const dataset = await prepareDataset({
    driver,
    scale: Number(values.scale),
    adminUrl: values["admin-url"],
    log,
  });
  results.push(
    ...(await standingsRows(
      dataset,
      {
        adminUrl: values["admin-url"],
        rounds: Number(values["standings-rounds"]),
        loopSeconds: Number(values["standings-loop-seconds"]),
      },
      log,
    )),
  );
}
if (wanted.has("backfill")) {
  log("backfill: bench/chain-backfill");
  results.push(
    ...(await backfillRows(
      {
        blocks: Number(values["backfill-blocks"]),
        drivers: values["backfill-drivers"],
        adminUrl: values["admin-url"],
      },
      log,
    )),
  );
}
if (wanted.has("sse")) {
  log("sse: bench/runner-client");
  results.push(await sseRow({ requests: 200, rounds: Number(values["sse-rounds"]) }, log));
}
if (wanted.has("router")) {
  log("router: the API front's route matching against Hono's routers");
  results.push(
    ...routerRows({ calls: Number(values["router-calls"]), rounds: Number(values["router-rounds"]) }),
  );
}
if (wanted.has("verify")) {
  log("verify: the runner's verification through the reference server");
  results.push(await verifyRow({ rounds: Number(values["verify-rounds"]) }, log));
}

const header = {
  ...machine(),
  "load average at the end": String(load1()),
  command: `node --import tsx bench/run.ts ${process.argv.slice(2).join(" ")}`.trim(),
  dataset: needsServer || wanted.has("standings") ? `${driver}, scale ${values.scale}` : "none",
  at: new Date().toISOString(),
};
console.log(`\n${toMarkdown(results, header)}`);
log(`written to ${writeResults(results, header)}`);
process.exit(0);

async function serverRows(): Promise<void> {
  if (!existsSync(path.join(distDir, "BUILD_ID")) || !existsSync(serverEntry(distDir))) {
    log(`no build in ${distDir}: building it (NEXT_DIST_DIR=${distDir} npm run build)`);
    execFileSync("npm", ["run", "build"], {
      stdio: "inherit",
      env: { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" },
    });
  }
  const dataset = await prepareDataset({
    driver,
    scale: Number(values.scale),
    adminUrl: values["admin-url"],
    log,
  });
  const pairs = await validatorPairs();
  const ingestRuns = Number(values["ingest-runs"]);
  const ingestConcurrency = Number(values["ingest-concurrency"]);

  // Phase 1, no server: the references that go through the driver in this process (PGlite has one opener).
  let cases: ApiCase[] = [];
  let sqlTimes: SqlTimes = {};
  let plan: IngestPlan | null = null;
  let ingestRef: Awaited<ReturnType<typeof ingestReference>> | null = null;
  {
    const database = await dataset.open();
    try {
      await deleteBenchRuns(database.db, BENCH_RUNNER_VERSION, dataset.shape.validators);
      if (wanted.has("api")) {
        cases = await apiCases(database, dataset.shape.submissions);
        if (driver === "pglite") {
          log("api: the SQL alone (PGlite: before the server opens it)");
          sqlTimes = await measureSql(database, cases, 300);
        }
      }
      if (wanted.has("ingest")) {
        // The row's load generator is wrk, from Debian (bench/rows/ingest-wrk.ts).
        execFileSync("bash", ["scripts/ensure-debian-package.sh", "wrk", "wrk"], { stdio: "inherit" });
        log(`ingest: building ${ingestRuns} runs, then the row-by-row reference`);
        plan = await planIngest(database, pairs, ingestRuns);
        ingestRef = await ingestReference(database, plan, ingestConcurrency);
      }
    } finally {
      await database.close();
    }
  }

  // Phase 2: the server.
  const serve = (profileDir?: string) =>
    startExplorer({
      port: Number(values.port),
      distDir,
      env: { ...dataset.env, EPISTULA_SIGNED_FOR: SIGNED_FOR },
      profileDir,
    });
  if (wanted.has("pages") || wanted.has("memory")) {
    log("pages: writing the static twins (a first server start)");
    const first = await serve();
    try {
      await writeStaticTwins(first, distDir);
    } finally {
      await first.stop();
    }
  }
  log(`serving ${distDir} on port ${values.port}`);
  const server = await serve(values["profile-server"]);
  try {
    const startRss = server.rssMb();
    log(`server RSS after start: ${round(startRss, 1)} MB`);
    if (wanted.has("pages") || wanted.has("memory")) {
      log(`pages: ${values.connections} clients, ${values.seconds} s each`);
      const rows = await pagesRows(server, {
        connections: Number(values.connections),
        seconds: Number(values.seconds),
      });
      if (wanted.has("pages")) results.push(...rows);
    }
    if (wanted.has("api")) {
      log("api: over HTTP, alternating with the SQL alone on Postgres");
      const reference: { database: Database } | { sqlTimes: SqlTimes } =
        driver === "postgres" ? { database: await dataset.open() } : { sqlTimes };
      try {
        results.push(...(await apiRows(server, cases, reference, 20)));
      } finally {
        if ("database" in reference) await reference.database.close();
      }
    }
    // Memory after the reads (pages and API), as the issue asks; after the ingest too, for the record.
    const afterReads = server.rssMb();
    if (plan && ingestRef) {
      log("ingest: over HTTP");
      const http = await ingestOverHttp(server, plan, ingestConcurrency);
      results.push(ingestRow(http, ingestRef, ingestRuns, ingestConcurrency));
    }
    if (wanted.has("memory")) {
      const afterIngest = plan ? `; ${round(server.rssMb(), 1)} MB after the ingest row` : "";
      results.push({
        row: "memory",
        what: `explorer server RSS after the page and API rows (${dataset.driver}, scale ${values.scale})`,
        figure: `${round(afterReads, 1)} MB (${round(startRss, 1)} MB at start${afterIngest})`,
        reference: "—",
        ratio: "—",
        target: "< 300 MB",
        met: afterReads < 300,
        load: load1(),
      });
    }
  } finally {
    await server.stop();
  }
  const database = await dataset.open();
  try {
    await deleteBenchRuns(database.db, BENCH_RUNNER_VERSION, dataset.shape.validators);
  } finally {
    await database.close();
  }
}
