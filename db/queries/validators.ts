import { sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { validators } from "../schema";

/** Marks a validator as seen: any accepted signed request counts, polling for jobs included. */
export async function touchValidator(db: DbOrTx, hotkey: string, now: Date): Promise<void> {
  await db
    .insert(validators)
    .values({ hotkey, firstSeenAt: now, lastSeenAt: now })
    .onConflictDoUpdate({
      target: validators.hotkey,
      // greatest(): requests of one validator can finish out of order.
      set: { lastSeenAt: sql`greatest(${validators.lastSeenAt}, excluded.last_seen_at)` },
    });
}

/** Counts a newly stored run and remembers the runner version it came from; call it in the run's transaction. */
export async function recordValidatorRun(
  db: DbOrTx,
  hotkey: string,
  runnerVersion: string,
  now: Date,
): Promise<void> {
  await db
    .insert(validators)
    .values({ hotkey, firstSeenAt: now, lastSeenAt: now, runnerVersion, runsPosted: 1 })
    .onConflictDoUpdate({
      target: validators.hotkey,
      set: {
        lastSeenAt: sql`greatest(${validators.lastSeenAt}, excluded.last_seen_at)`,
        runnerVersion,
        runsPosted: sql`${validators.runsPosted} + 1`,
      },
    });
}
