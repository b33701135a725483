import type { Db } from "@/db/client";
import { getMigrationState } from "@/db/queries/migrations";

export type Readiness =
  { readonly ready: true; readonly migrations: number } | { readonly ready: false; readonly reason: string };

/** A database that does not answer within this is as good as down for a load balancer's probe. */
export const READY_TIMEOUT_MS = 3_000;

/**
 * Whether this instance can serve: its database answers and has every committed migration. A reason, never a
 * throw, so the probe always gets its 503 with a sentence an operator can act on.
 */
export async function checkReadiness(
  openDb: () => Promise<Db>,
  timeoutMs = READY_TIMEOUT_MS,
): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Readiness>((resolve) => {
    timer = setTimeout(
      () => resolve({ ready: false, reason: `the database did not answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
  });
  const probe = (async (): Promise<Readiness> => {
    let db: Db;
    try {
      db = await openDb();
    } catch (error) {
      return { ready: false, reason: `the database cannot be opened: ${describe(error)}` };
    }
    try {
      const { applied, expected } = await getMigrationState(db);
      if (applied < expected)
        return { ready: false, reason: `the database has ${applied} of ${expected} migrations applied` };
      return { ready: true, migrations: expected };
    } catch (error) {
      return { ready: false, reason: `the database does not answer: ${describe(error)}` };
    }
  })();
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// The reason is public: credentials in a connection string (user:password@) never reach it.
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\/\/[^/@\s]*@/g, "//***@").slice(0, 300);
}
