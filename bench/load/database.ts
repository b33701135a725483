// A fresh database for one load run: a PGlite folder in a temporary directory, or a new database on a
// Postgres server (created from an admin URL, dropped afterwards).
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { openDatabase, type Database } from "@/db/client";

export interface LoadDatabase {
  /** What the server is given: PGLITE_DATA_DIR or DATABASE_URL. */
  readonly server: { pgliteDataDir?: string; databaseUrl?: string };
  /** Opens it (migrated) from this process; PGlite allows one opener, so close it before the server starts. */
  open(): Promise<Database>;
  remove(): Promise<void>;
}

export async function createLoadDatabase(adminUrl: string | undefined): Promise<LoadDatabase> {
  if (adminUrl === undefined) {
    const dir = await mkdtemp(path.join(os.tmpdir(), "cacheon-load-"));
    const dataDir = path.join(dir, "pglite");
    return {
      server: { pgliteDataDir: dataDir },
      open: () => openDatabase({ pgliteDataDir: dataDir }),
      remove: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const name = `cacheon_load_${randomBytes(4).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    server: { databaseUrl: url.toString() },
    open: () => openDatabase({ databaseUrl: url.toString() }),
    remove: async () => {
      const dropper = postgres(adminUrl, { max: 1, onnotice: () => undefined });
      try {
        await dropper.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
