import type { Database } from "../client";

// Route handlers get their database from db/instance's process-wide holder; a test puts its own database
// there (same key as db/instance.ts) so handlers can be called directly with `new Request(...)`.
const KEY = Symbol.for("cacheon.database");
type Holder = { [KEY]?: Promise<Database> };

/** Makes `getDatabase()` answer `database`; returns a function that puts the previous one back. */
export function useTestDatabase(database: Database): () => void {
  const holder = globalThis as Holder;
  const previous = holder[KEY];
  holder[KEY] = Promise.resolve(database);
  return () => {
    if (previous === undefined) delete holder[KEY];
    else holder[KEY] = previous;
  };
}
