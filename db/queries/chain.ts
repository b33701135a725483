import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { chainCursor } from "../schema";

/** Another writer advanced the cursor first: this one must re-read it and carry on from there. */
export class CursorConflictError extends Error {
  constructor(network: string, expected: number) {
    super(`chain cursor of ${network} is no longer at #${expected}: another writer advanced it`);
    this.name = "CursorConflictError";
  }
}

/**
 * The chain's block disagrees with the stored one. Finalized blocks never reorg, so this means the endpoint
 * serves another chain or the database was written from one: ingest stops rather than mix the two.
 */
export class ParentMismatchError extends Error {
  constructor(network: string, number: number, stored: string, parent: string) {
    super(
      `block #${number + 1} of ${network} has parent ${parent} but the stored block #${number} is ${stored}: ` +
        "finalized blocks never reorg, check CHAIN_ENDPOINT and NETWORK",
    );
    this.name = "ParentMismatchError";
  }
}

export interface CursorPosition {
  blockNumber: number;
  blockHash: string;
  specVersion: number | null;
}

export async function getIngestCursor(db: DbOrTx, network: string): Promise<CursorPosition | null> {
  const [row] = await db
    .select({
      blockNumber: chainCursor.blockNumber,
      blockHash: chainCursor.blockHash,
      specVersion: chainCursor.specVersion,
    })
    .from(chainCursor)
    .where(eq(chainCursor.network, network));
  return row ?? null;
}

export interface CursorMove {
  network: string;
  /** The first block being written: its number and parent hash (checked against the stored block). */
  first: { number: number; parentHash: string };
  /** The last block being written, where the cursor ends. */
  last: { number: number; hash: string; specVersion: number };
  /** True when no cursor exists yet (the first block ever ingested). */
  initial: boolean;
}

/**
 * Moves the cursor from the block before `first` to `last`, inside the caller's transaction and before any
 * row is written: the guarded UPDATE locks the row, so a second writer waits, then finds the cursor moved and
 * fails with CursorConflictError instead of writing the same blocks twice.
 */
export async function advanceCursor(tx: DbOrTx, move: CursorMove): Promise<void> {
  const { network, first, last } = move;
  const values = {
    blockNumber: last.number,
    blockHash: last.hash,
    specVersion: last.specVersion,
    updatedAt: sql`now()`,
  };
  if (move.initial) {
    const inserted = await tx
      .insert(chainCursor)
      .values({ network, ...values })
      .onConflictDoNothing()
      .returning({ n: chainCursor.blockNumber });
    if (inserted.length === 0) throw new CursorConflictError(network, first.number - 1);
    return;
  }
  const updated = await tx
    .update(chainCursor)
    .set(values)
    .where(
      and(
        eq(chainCursor.network, network),
        eq(chainCursor.blockNumber, first.number - 1),
        eq(chainCursor.blockHash, first.parentHash),
      ),
    )
    .returning({ n: chainCursor.blockNumber });
  if (updated.length > 0) return;
  const current = await getIngestCursor(tx, network);
  if (current && current.blockNumber === first.number - 1) {
    throw new ParentMismatchError(network, current.blockNumber, current.blockHash, first.parentHash);
  }
  throw new CursorConflictError(network, first.number - 1);
}
