import type { DbOrTx } from "@/db/client";
import { getIngestCursor, type CursorKey } from "@/db/queries/chain";

/** Polls until the ingest cursor reaches `block` (tests only: ingest runs on its own loop). */
export async function waitForCursor(
  db: DbOrTx,
  key: CursorKey,
  block: number,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const cursor = await getIngestCursor(db, key);
    if (cursor && cursor.blockNumber >= block) return;
    if (Date.now() > deadline) {
      throw new Error(
        `ingest did not reach #${block} within ${timeoutMs} ms (cursor at ${cursor?.blockNumber ?? "none"})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
