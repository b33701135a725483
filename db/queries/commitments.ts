import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { commitments } from "../schema";

export type NewCommitment = Omit<typeof commitments.$inferInsert, "id" | "createdAt">;
export type CommitmentRow = typeof commitments.$inferSelect;

/** The identity (hotkey, source, commit block, sha-256) of every stored commitment of the given hotkeys. */
export async function listCommitmentIdentities(
  db: DbOrTx,
  netuid: number,
  hotkeys: readonly string[],
): Promise<{ hotkey: string; source: string; commitBlock: number; rawSha256: string }[]> {
  if (hotkeys.length === 0) return [];
  return db
    .select({
      hotkey: commitments.hotkey,
      source: commitments.source,
      commitBlock: commitments.commitBlock,
      rawSha256: commitments.rawSha256,
    })
    .from(commitments)
    .where(and(eq(commitments.netuid, netuid), inArray(commitments.hotkey, [...hotkeys])));
}
