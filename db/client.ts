import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Param, Placeholder, type ExtractTablesWithRelations, type SQL } from "drizzle-orm";
import { PgDialect, type PgDatabase, type PgQueryResultHKT, type PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { PriorityGate } from "./priority-gate";
import * as schema from "./schema";

export type Schema = typeof schema;
/** What every query takes: the Postgres and the PGlite drizzle databases both satisfy it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DbOrTx = Db | Tx;

export type DriverKind = "pglite" | "postgres";

export interface Database {
  db: Db;
  driver: DriverKind;
  /** Where the data lives, without credentials (for the status page). */
  location: string;
  /** Apply pending migrations; a no-op on an up-to-date database. */
  migrate(): Promise<void>;
  /** LISTEN on a channel (Postgres LISTEN/NOTIFY, or PGlite's own); resolves to an unlisten function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** A postgres:// URL; absent means PGlite. */
  databaseUrl?: string;
  /** PGlite data directory, or `memory://` for an in-memory database. */
  pgliteDataDir?: string;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
}

const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");
// Any constant works; it only has to be the same for every instance migrating the same database.
const MIGRATION_LOCK_KEY = 0x0cac4e0;

export async function openDatabase(options: OpenOptions): Promise<Database> {
  const database = options.databaseUrl
    ? await openPostgres(options.databaseUrl)
    : await openPglite(options.pgliteDataDir ?? "./data/pglite");
  if (options.migrate !== false) await database.migrate();
  return database;
}

/**
 * PGlite's Postgres runs inside this process, so its buffer cache is the server's memory. A quarter of Postgres'
 * default still holds the pages' and the queries' working set at a year of mainnet scale, and the rest stays
 * free for the server (bench/README.md, memory row on PGlite).
 */
export const PGLITE_SHARED_BUFFERS = "32MB";

async function openPglite(dataDir: string): Promise<Database> {
  const inMemory = dataDir === "memory://";
  // PGlite creates its own folder but not the folders above it (a fresh clone has no ./data yet).
  if (!inMemory) mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  const client = await PGlite.create(inMemory ? undefined : path.resolve(dataDir), {
    startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
  });
  // Everything sent through Drizzle takes its turn at the gate; the signed writes' statements
  // (executePrepared) go before whatever waits (db/priority-gate.ts).
  const gate = new PriorityGate();
  const query = client.query.bind(client);
  const exec = client.exec.bind(client);
  const transaction = client.transaction.bind(client);
  client.query = ((...args: Parameters<typeof query>) =>
    gate.run(false, () => query(...args))) as typeof query;
  client.exec = (...args) => gate.run(false, () => exec(...args));
  client.transaction = ((...args: Parameters<typeof transaction>) =>
    gate.run(false, () => transaction(...args))) as typeof transaction;
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  rawRunners.set(db, (text, params) =>
    gate.run(true, async () => (await query<Record<string, unknown>>(text, params)).rows),
  );
  return {
    db,
    driver: "pglite",
    location: dataDir,
    // PGlite is single-process, so no other migrator can race this one.
    migrate: () => migratePglite(drizzlePglite({ client, schema }), { migrationsFolder: MIGRATIONS_FOLDER }),
    listen: (channel, onPayload) => client.listen(channel, onPayload),
    close: () => client.close(),
  };
}

async function openPostgres(url: string): Promise<Database> {
  const client = postgres(url, { max: 10, onnotice: () => undefined });
  const db = drizzlePostgres({ client, schema });
  // The signed writes' statements (executePrepared) have connections of their own, so they never wait for
  // one behind a crowd of reads, and run prepared: Drizzle leaves unnamed queries unprepared (a parse, a plan
  // and an extra round trip each time). Three: one admission batch and two store batches at a time.
  const writes = postgres(url, { max: 3, onnotice: () => undefined });
  rawRunners.set(db, async (text, params) => [
    ...(await writes.unsafe<Record<string, unknown>[]>(text, params as never[], { prepare: true })),
  ]);
  const parsed = new URL(url);
  return {
    db,
    driver: "postgres",
    location: `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`,
    migrate: async () => {
      // Several app instances may start at once: the advisory lock lets exactly one apply migrations while
      // the others wait and then find nothing left to do.
      const lock = await client.reserve();
      try {
        await lock`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
        await migratePostgres(db, { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await lock`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
        lock.release();
      }
    },
    listen: async (channel, onPayload) => {
      const { unlisten } = await client.listen(channel, onPayload);
      return unlisten;
    },
    close: async () => {
      await Promise.all([client.end({ timeout: 5 }), writes.end({ timeout: 5 })]);
    },
  };
}

/**
 * The one way to run raw SQL: postgres-js answers an array of rows, PGlite an object with `rows`; callers get
 * rows either way.
 */
export async function executeRows<Row extends Record<string, unknown>>(
  db: DbOrTx,
  query: SQL,
): Promise<Row[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as Row[];
  return (result as { rows: Row[] }).rows;
}

/** A statement rendered once: its text, and for each parameter the placeholder that fills it (or a constant). */
export interface PreparedStatement {
  readonly text: string;
  readonly slots: readonly ({ readonly name: string } | { readonly value: unknown })[];
}

type RawRunner = (text: string, params: unknown[]) => Promise<Record<string, unknown>[]>;
const rawRunners = new WeakMap<object, RawRunner>();
const dialect = new PgDialect();

/**
 * Renders a statement with `sql.placeholder(name)` slots once, for the hot paths: building a large statement with
 * Drizzle costs more CPU per call than Postgres takes to run it prepared.
 */
export function prepareStatement(query: SQL): PreparedStatement {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return {
    text,
    slots: params.map((p) => {
      if (p instanceof Placeholder) return { name: p.name };
      // A column comparison wraps its placeholder with the column's encoder, which this never applies.
      if (p instanceof Param && p.value instanceof Placeholder)
        throw new Error(`prepareStatement: ${p.value.name} must be a bare sql.placeholder()`);
      return { value: p };
    }),
  };
}

/**
 * Runs a prepared statement on a database `openDatabase` opened (not in a transaction), with `values` for its
 * placeholders, encoded as the driver takes them. On Postgres it is parsed and planned once per connection.
 */
export async function executePrepared<Row extends Record<string, unknown>>(
  db: Db,
  statement: PreparedStatement,
  values: Readonly<Record<string, unknown>>,
): Promise<Row[]> {
  const run = rawRunners.get(db);
  if (run === undefined) throw new Error("executePrepared: not a database opened by openDatabase");
  const params = statement.slots.map((slot) => {
    if ("value" in slot) return slot.value;
    if (!(slot.name in values)) throw new Error(`executePrepared: no value for placeholder ${slot.name}`);
    return values[slot.name];
  });
  return (await run(statement.text, params)) as Row[];
}
