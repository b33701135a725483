import { lt } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { epistulaNonces } from "../schema";

/**
 * Records an accepted Epistula (hotkey, uuid); false when the pair was already there (a replay). The unique
 * index decides, so two copies of one request racing each other cannot both get through.
 */
export async function recordNonce(db: DbOrTx, hotkey: string, uuid: string, seenAt: Date): Promise<boolean> {
  const inserted = await db
    .insert(epistulaNonces)
    .values({ hotkey, uuid, seenAt })
    .onConflictDoNothing()
    .returning({ uuid: epistulaNonces.uuid });
  return inserted.length === 1;
}

/** Forgets pairs seen before `cutoff`; their signed timestamps can no longer pass the clock check. */
export async function deleteNoncesSeenBefore(db: DbOrTx, cutoff: Date): Promise<number> {
  const deleted = await db
    .delete(epistulaNonces)
    .where(lt(epistulaNonces.seenAt, cutoff))
    .returning({ uuid: epistulaNonces.uuid });
  return deleted.length;
}
