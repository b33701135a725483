import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { executeRows, type Database } from "./client";
import { getCounts, getCursor, upsertWorkerStatus, getWorkerStatus } from "./queries/status";
import { describeEachDatabase, openTestDatabase } from "./test-support/databases";

const EXPECTED_TABLES = [
  "chain_cursor",
  "commitments",
  "emissions",
  "epistula_nonces",
  "job_leases",
  "metagraph_neurons",
  "metagraph_snapshots",
  "reigns",
  "run_progress",
  "run_prompts",
  "runs",
  "submissions",
  "validators",
  "worker_status",
];

describeEachDatabase("migrations", (driver) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(driver);
  });
  afterAll(() => database?.close());

  it("creates every table of the schema", async () => {
    const rows = await executeRows<{ table_name: string }>(
      database.db,
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    const names = rows.map((r) => r.table_name);
    expect(names).toEqual(expect.arrayContaining(EXPECTED_TABLES));
  });

  it("is a no-op when applied again, as on every app start", async () => {
    const applied = () =>
      executeRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      );
    const before = await applied();
    await database.migrate();
    await database.migrate();
    expect(await applied()).toEqual(before);
    expect(before[0]?.n).toBeGreaterThan(0);
  });

  it("compresses signed run bodies with lz4 where the server has it (Postgres), pglz where not (PGlite)", async () => {
    const rows = await executeRows<{ compression: string }>(
      database.db,
      sql`select attcompression::text as compression from pg_attribute
          where attrelid = 'runs'::regclass and attname = 'envelope'`,
    );
    // "l" is lz4; "" is the server's default_toast_compression (pglz unless configured otherwise).
    expect(rows).toEqual([{ compression: driver === "postgres" ? "l" : "" }]);
  });

  it("answers the status queries on an empty database", async () => {
    expect(await getCounts(database.db)).toEqual({
      commitments: 0,
      submissions: 0,
      runs: 0,
      validators: 0,
      reigns: 0,
      metagraphSnapshots: 0,
    });
    expect(await getCursor(database.db, "finney", 14)).toBeNull();
  });

  it("keeps the last error of a worker until a new one replaces it", async () => {
    const t0 = new Date("2026-11-25T10:00:00Z");
    await upsertWorkerStatus(
      database.db,
      { worker: "chain", state: "unreachable", lastError: "ECONNREFUSED" },
      t0,
    );
    await upsertWorkerStatus(
      database.db,
      { worker: "chain", state: "following", detail: { finalized: 7 } },
      t0,
    );
    const row = await getWorkerStatus(database.db, "chain");
    expect(row).toMatchObject({ state: "following", lastError: "ECONNREFUSED", detail: { finalized: 7 } });
    expect(row?.lastErrorAt?.toISOString()).toBe(t0.toISOString());
  });
});
