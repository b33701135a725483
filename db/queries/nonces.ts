import { lt } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { epistulaNonces } from "../schema";

/** Forgets pairs seen before `cutoff`; their signed timestamps can no longer pass the clock check. */
export async function deleteNoncesSeenBefore(db: DbOrTx, cutoff: Date): Promise<number> {
  const deleted = await db
    .delete(epistulaNonces)
    .where(lt(epistulaNonces.seenAt, cutoff))
    .returning({ uuid: epistulaNonces.uuid });
  return deleted.length;
}
