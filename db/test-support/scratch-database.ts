import { randomBytes } from "node:crypto";
import postgres from "postgres";

/** A database of its own on a Postgres server, for one test suite, bench or load run. */
export interface ScratchDatabase {
  /** The admin URL pointed at the new database. */
  readonly url: string;
  readonly name: string;
  /** Drops it, disconnecting whoever is still connected. */
  drop(): Promise<void>;
}

/** Creates `<prefix>_<random>` through the admin URL (a role that may create databases). */
export async function createScratchDatabase(adminUrl: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  await asAdmin(adminUrl, (admin) => admin.unsafe(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => asAdmin(adminUrl, (admin) => admin.unsafe(`drop database if exists ${name} with (force)`)),
  };
}

async function asAdmin(
  adminUrl: string,
  statement: (admin: postgres.Sql) => Promise<unknown>,
): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  try {
    await statement(admin);
  } finally {
    await admin.end();
  }
}
