// A fresh database for one load run: a PGlite folder in a temporary directory, or a new database on a
// Postgres server (created from an admin URL, dropped afterwards).
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { openDatabase, type Database } from "@/db/client";
import { createScratchDatabase } from "@/db/test-support/scratch-database";

export interface LoadDatabase {
  /** What the server is given: PGLITE_DATA_DIR or DATABASE_URL. */
  readonly env: Record<string, string>;
  /** Opens it (migrated) from this process; PGlite allows one opener, so close it before the server starts. */
  open(): Promise<Database>;
  remove(): Promise<void>;
}

export async function createLoadDatabase(adminUrl: string | undefined): Promise<LoadDatabase> {
  if (adminUrl === undefined) {
    const dir = await mkdtemp(path.join(os.tmpdir(), "cacheon-load-"));
    const dataDir = path.join(dir, "pglite");
    return {
      env: { PGLITE_DATA_DIR: dataDir },
      open: () => openDatabase({ pgliteDataDir: dataDir }),
      remove: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const scratch = await createScratchDatabase(adminUrl, "cacheon_load");
  return {
    env: { DATABASE_URL: scratch.url },
    open: () => openDatabase({ databaseUrl: scratch.url }),
    remove: () => scratch.drop(),
  };
}
