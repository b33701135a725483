import path from "node:path";
import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { executeRows, type Db } from "../client";

const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

/** How many of the committed migrations (db/migrations) this database has applied, by hash. */
export async function getMigrationState(db: Db): Promise<{ applied: number; expected: number }> {
  const expected = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).map((m) => m.hash);
  // No such table: nothing was ever migrated here.
  const [exists] = await executeRows<{ present: boolean }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (exists?.present !== true) return { applied: 0, expected: expected.length };
  const rows = await executeRows<{ hash: string }>(db, sql`select hash from drizzle.__drizzle_migrations`);
  const done = new Set(rows.map((r) => r.hash));
  return { applied: expected.filter((h) => done.has(h)).length, expected: expected.length };
}
