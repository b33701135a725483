import postgres from "postgres";
import { afterAll, beforeAll, describe } from "vitest";
import { openDatabase, type Database, type DriverKind } from "../client";
import { useTestDatabase } from "./instance";
import { createScratchDatabase } from "./scratch-database";

/**
 * Test support: every database test runs on both drivers. Postgres gets a fresh database per suite (created
 * here, dropped afterwards); PGlite gets a fresh in-memory instance.
 */
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export async function openTestDatabase(driver: DriverKind): Promise<Database> {
  if (driver === "pglite") return openDatabase({ pgliteDataDir: "memory://" });
  const scratch = await createScratchDatabase(ADMIN_URL, `cacheon_test_${process.pid}`);
  const database = await openDatabase({ databaseUrl: scratch.url });
  return {
    ...database,
    close: async () => {
      await database.close();
      await scratch.drop();
    },
  };
}

async function postgresReachable(): Promise<boolean> {
  const probe = postgres(ADMIN_URL, { max: 1, connect_timeout: 3, onnotice: () => undefined });
  try {
    await probe`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await probe.end({ timeout: 1 });
  }
}

export const postgresAvailable = await postgresReachable();
if (!postgresAvailable) {
  if (process.env.CI === "true") throw new Error(`CI=true but Postgres is not reachable at ${ADMIN_URL}`);
  console.warn(`Postgres not reachable at ${ADMIN_URL}: its half of the database tests is skipped.`);
}

/** `describe` once per driver; the body gets the driver name and opens databases with `openTestDatabase`. */
export function describeEachDatabase(title: string, body: (driver: DriverKind) => void): void {
  describe.each(["pglite", "postgres"] as const)(`${title} [%s]`, (driver) => {
    if (driver === "postgres" && !postgresAvailable) return;
    body(driver);
  });
}

/**
 * For a suite that calls route handlers directly: opens a test database before it, makes `getDatabase()`
 * answer it, and closes it after; returns the database (available once the suite has started).
 */
export function serveTestDatabase(driver: DriverKind): () => Database {
  let database: Database | undefined;
  let restore: (() => void) | undefined;
  beforeAll(async () => {
    database = await openTestDatabase(driver);
    restore = useTestDatabase(database);
  });
  afterAll(async () => {
    restore?.();
    await database?.close();
  });
  return () => {
    if (database === undefined) throw new Error("the test database opens when the suite starts");
    return database;
  };
}
