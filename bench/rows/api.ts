import { desc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { listSubmissionsPage, sortValue, type Keyset } from "@/db/queries/leaderboard";
import { submissions } from "@/db/schema";
import { BENCH_NETUID, BENCH_NETWORK } from "@/db/test-support/bench-dataset";
import { encodeCursor } from "@/server/api/cursor";
import { readContextOf } from "@/server/read/context";
import { readKing } from "@/server/read/king";
import { load, timeCalls } from "../lib/load";
import { load1 } from "../lib/machine";
import type { BenchRow } from "../lib/result";
import { percentile, round } from "../lib/stats";
import type { Explorer } from "../lib/server";

// The read API against the SQL under it, run through the same driver by this process (the server stopped,
// so PGlite can be opened and neither competes for the CPU). Both sequential (one client): the figure is
// what the HTTP layer, Next's routing and JSON add to a request, not how requests queue.

export interface ApiCase {
  name: string;
  path: string;
  /** The reference: the query functions the route calls, with the same arguments. */
  sql: (database: Database) => Promise<unknown>;
}

const PAGE = 50;
const WARM_UP = 2_000;

/** The cases, with the deep page's cursor taken from the dataset (90 % down the default sort). */
export async function apiCases(database: Database, totalSubmissions: number): Promise<ApiCase[]> {
  const depth = Math.floor(totalSubmissions * 0.9);
  const [row] = await database.db
    .select()
    .from(submissions)
    .where(eq(submissions.netuid, BENCH_NETUID))
    .orderBy(desc(submissions.consensusScore), desc(submissions.id))
    .offset(depth)
    .limit(1);
  if (!row) throw new Error("the dataset has too few submissions for a deep page");
  const key: Keyset = { v: sortValue(row, "score"), id: row.id };
  const cursor = encodeCursor({ s: "score", o: "desc", v: key.v, id: key.id });
  const page = (after: Keyset | null) => (d: Database) =>
    listSubmissionsPage(d.db, { netuid: BENCH_NETUID, sort: "score", order: "desc", after, limit: PAGE + 1 });
  return [
    {
      name: "/king",
      path: "/api/v1/king",
      sql: (d) => readKing(readContextOf(d, { netuid: BENCH_NETUID, network: BENCH_NETWORK })),
    },
    { name: "/submissions first page", path: "/api/v1/submissions", sql: page(null) },
    {
      name: `/submissions deep page (row ${depth})`,
      path: `/api/v1/submissions?cursor=${cursor}`,
      sql: page(key),
    },
  ];
}

export interface SqlTimes {
  [name: string]: { p50: number; p95: number };
}

export async function measureSql(database: Database, cases: ApiCase[], count: number): Promise<SqlTimes> {
  const out: SqlTimes = {};
  for (const c of cases) {
    await timeCalls(() => c.sql(database), { count: WARM_UP, concurrency: 1 });
    out[c.name] = await timeCalls(() => c.sql(database), { count, concurrency: 1 });
  }
  return out;
}

/**
 * Each case over HTTP, one client. With `database` (Postgres: this process may open it beside the server) the
 * SQL reference is measured here too, in alternating rounds, so both see the same machine load; without it
 * (PGlite, one opener) the reference measured before the server started is used.
 */
export async function apiRows(
  server: Explorer,
  cases: ApiCase[],
  reference: { database: Database } | { sqlTimes: SqlTimes },
  rounds: number,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const perRound = 50;
  for (const c of cases) {
    const url = `${server.url}${c.path}`;
    const warm = await fetch(url);
    if (!warm.ok) throw new Error(`${c.path} answered ${warm.status}: ${await warm.text()}`);
    await warm.arrayBuffer();
    // Both sides warm, as a serving process is after its first minute: JIT-compiled route and query code (a
    // its p50 keeps falling for the first few thousand calls), prepared statements on every pooled connection.
    await load({ url, connections: 1, amount: WARM_UP });
    if ("database" in reference) {
      const d = reference.database;
      await timeCalls(() => c.sql(d), { count: WARM_UP, concurrency: 1 });
    }
    const http: number[] = [];
    const sqlLatencies: number[] = [];
    let errors = 0;
    for (let r = 0; r < rounds; r++) {
      if ("database" in reference) {
        const d = reference.database;
        sqlLatencies.push(
          ...(await timeCalls(() => c.sql(d), { count: perRound, concurrency: 1 })).latencies,
        );
      }
      const result = await load({ url, connections: 1, amount: perRound });
      http.push(...result.latencies);
      errors += result.errors;
    }
    const ref =
      "database" in reference
        ? { p50: percentile(sqlLatencies, 50), p95: percentile(sqlLatencies, 95) }
        : (reference.sqlTimes[c.name] as { p50: number; p95: number });
    const api = { p50: percentile(http, 50), p95: percentile(http, 95) };
    const ratio = api.p50 / ref.p50;
    rows.push({
      row: "api",
      what: `GET ${c.name}`,
      figure: `p50 ${round(api.p50, 2)} / p95 ${round(api.p95, 2)} ms, ${errors} errors`,
      reference: `SQL alone: p50 ${round(ref.p50, 2)} / p95 ${round(ref.p95, 2)} ms`,
      ratio: `${round(ratio, 2)}× at p50`,
      target: "within 2× at p50",
      met: ratio <= 2 && errors === 0,
      load: load1(),
      detail: { api, sql: ref, path: c.path, samples: http.length },
    });
  }
  return rows;
}
