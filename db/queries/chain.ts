import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { chainCursor, chainGaps, hotkeySwaps } from "../schema";

/** Which cursor: one per network and netuid, so changing NETUID never continues another subnet's cursor. */
export interface CursorKey {
  network: string;
  netuid: number;
}

const keyed = (key: CursorKey) =>
  and(eq(chainCursor.network, key.network), eq(chainCursor.netuid, key.netuid));

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
  firstBlock: number | null;
  subnetRegisteredAt: number | null;
}

export async function getIngestCursor(db: DbOrTx, key: CursorKey): Promise<CursorPosition | null> {
  const [row] = await db
    .select({
      blockNumber: chainCursor.blockNumber,
      blockHash: chainCursor.blockHash,
      specVersion: chainCursor.specVersion,
      firstBlock: chainCursor.firstBlock,
      subnetRegisteredAt: chainCursor.subnetRegisteredAt,
    })
    .from(chainCursor)
    .where(keyed(key));
  return row ?? null;
}

export interface CursorMove extends CursorKey {
  /** The first block being written: its number and parent hash (checked against the stored block). */
  first: { number: number; parentHash: string };
  /** The last block being written, where the cursor ends. */
  last: { number: number; hash: string; specVersion: number };
  /** True when no cursor exists yet (the first block ever ingested). */
  initial: boolean;
  /** NetworkRegisteredAt as read at `last` (kept only when the cursor has none yet). */
  subnetRegisteredAt?: number | null;
}

/**
 * Moves the cursor from the block before `first` to `last`, inside the caller's transaction and before any
 * row is written: the guarded UPDATE locks the row, so a second writer waits, then finds the cursor moved and
 * fails with CursorConflictError instead of writing the same blocks twice.
 */
export async function advanceCursor(tx: DbOrTx, move: CursorMove): Promise<void> {
  const { network, netuid, first, last } = move;
  const values = {
    blockNumber: last.number,
    blockHash: last.hash,
    specVersion: last.specVersion,
    updatedAt: sql`now()`,
    // The first registration seen is kept; a later different one is refused before any write (ingest.ts).
    ...(move.subnetRegisteredAt != null
      ? { subnetRegisteredAt: sql`coalesce(${chainCursor.subnetRegisteredAt}, ${move.subnetRegisteredAt})` }
      : {}),
  };
  if (move.initial) {
    const inserted = await tx
      .insert(chainCursor)
      .values({
        network,
        netuid,
        ...values,
        firstBlock: first.number,
        subnetRegisteredAt: move.subnetRegisteredAt ?? null,
      })
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
        keyed(move),
        eq(chainCursor.blockNumber, first.number - 1),
        eq(chainCursor.blockHash, first.parentHash),
      ),
    )
    .returning({ n: chainCursor.blockNumber });
  if (updated.length > 0) return;
  const current = await getIngestCursor(tx, move);
  if (current && current.blockNumber === first.number - 1) {
    throw new ParentMismatchError(network, current.blockNumber, current.blockHash, first.parentHash);
  }
  throw new CursorConflictError(network, first.number - 1);
}

export interface ChainGap {
  fromBlock: number;
  toBlock: number;
  reason: string;
  recordedAt: Date;
}

export interface GapSkip extends CursorKey {
  /** The cursor as ingest last read it: the skip is guarded like any other move. */
  from: { number: number; hash: string };
  /** The block before the one ingest resumes at; the cursor moves there without its rows. */
  to: { number: number; hash: string; specVersion: number };
  reason: string;
}

/**
 * Skips blocks the node can no longer serve: records them as a gap and moves the cursor past them, in one
 * transaction, guarded like advanceCursor so a second writer cannot skip twice.
 */
export async function skipGap(tx: DbOrTx, skip: GapSkip): Promise<void> {
  const updated = await tx
    .update(chainCursor)
    .set({ blockNumber: skip.to.number, blockHash: skip.to.hash, specVersion: skip.to.specVersion })
    .where(
      and(
        keyed(skip),
        eq(chainCursor.blockNumber, skip.from.number),
        eq(chainCursor.blockHash, skip.from.hash),
      ),
    )
    .returning({ n: chainCursor.blockNumber });
  if (updated.length === 0) throw new CursorConflictError(skip.network, skip.from.number);
  await tx.insert(chainGaps).values({
    network: skip.network,
    netuid: skip.netuid,
    fromBlock: skip.from.number + 1,
    toBlock: skip.to.number,
    reason: skip.reason,
  });
}

/** The blocks ingest could not read, oldest first. */
export async function listGaps(db: DbOrTx, key: CursorKey): Promise<ChainGap[]> {
  return db
    .select({
      fromBlock: chainGaps.fromBlock,
      toBlock: chainGaps.toBlock,
      reason: chainGaps.reason,
      recordedAt: chainGaps.recordedAt,
    })
    .from(chainGaps)
    .where(and(eq(chainGaps.network, key.network), eq(chainGaps.netuid, key.netuid)))
    .orderBy(asc(chainGaps.fromBlock));
}

export interface HotkeySwapRow {
  netuid: number;
  blockNumber: number;
  uid: number;
  oldHotkey: string;
  newHotkey: string;
}

/** Idempotent: a range written again records nothing twice. */
export async function recordHotkeySwaps(tx: DbOrTx, swaps: readonly HotkeySwapRow[]): Promise<void> {
  if (swaps.length === 0) return;
  await tx
    .insert(hotkeySwaps)
    .values([...swaps])
    .onConflictDoNothing();
}

export async function listHotkeySwaps(db: DbOrTx, netuid: number): Promise<HotkeySwapRow[]> {
  return db
    .select()
    .from(hotkeySwaps)
    .where(eq(hotkeySwaps.netuid, netuid))
    .orderBy(asc(hotkeySwaps.blockNumber), asc(hotkeySwaps.uid));
}
