import { loadEnv } from "@/env";
import { openDatabase, type Database } from "./client";

/**
 * The process-wide database. Kept on globalThis because Next.js bundles route code separately from the
 * custom server and the workers: with a module-level variable each bundle would open its own PGlite, and
 * PGlite allows one opener per data directory.
 */
const KEY = Symbol.for("cacheon.database");
type Holder = { [KEY]?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const env = loadEnv();
    const opening = openDatabase({ databaseUrl: env.DATABASE_URL, pgliteDataDir: env.PGLITE_DATA_DIR });
    // A failed open must not be cached forever: the next request tries again.
    opening.catch(() => {
      if (holder[KEY] === opening) delete holder[KEY];
    });
    holder[KEY] = opening;
  }
  return holder[KEY];
}

export async function closeDatabase(): Promise<void> {
  const holder = globalThis as Holder;
  const opening = holder[KEY];
  delete holder[KEY];
  if (opening) await (await opening).close();
}
