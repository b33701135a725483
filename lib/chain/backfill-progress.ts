/** How far a chain ingest backfill has come, from the ingest cursor and the finalized head. */
export interface BackfillProgress {
  /** Blocks from the first stored block through the cursor (skipped gaps included: the cursor passed them). */
  readonly doneBlocks: number;
  /** Blocks from the first stored block through the finalized head. */
  readonly totalBlocks: number;
  readonly remainingBlocks: number;
  /** doneBlocks / totalBlocks, 0..1. */
  readonly fraction: number;
  /**
   * Seconds until ingest reaches the head: the remaining blocks over the rate at which ingest gains on the head,
   * which itself moves one block per block time. Null when ingest does not gain on the head (no rate, or a rate
   * no faster than the chain), since then there is no time at which it arrives.
   */
  readonly etaSeconds: number | null;
}

export interface BackfillInput {
  readonly firstBlock: number | null;
  readonly lastIngestedBlock: number | null;
  readonly finalizedBlock: number | null;
  /** Blocks stored per second as ingest last measured it. */
  readonly blocksPerSecond: number | null | undefined;
  /** Seconds per block of the chain (the head's own advance). */
  readonly blockSeconds: number;
}

/** Null until the first block, the cursor and the head are all known. */
export function backfillProgress(input: BackfillInput): BackfillProgress | null {
  const { firstBlock, lastIngestedBlock, finalizedBlock } = input;
  if (firstBlock === null || lastIngestedBlock === null || finalizedBlock === null) return null;
  const totalBlocks = Math.max(1, finalizedBlock - firstBlock + 1);
  const doneBlocks = Math.min(totalBlocks, Math.max(0, lastIngestedBlock - firstBlock + 1));
  const remainingBlocks = totalBlocks - doneBlocks;
  const gainPerSecond = (input.blocksPerSecond ?? 0) - 1 / input.blockSeconds;
  const etaSeconds =
    remainingBlocks === 0 ? 0 : gainPerSecond > 0 ? Math.ceil(remainingBlocks / gainPerSecond) : null;
  return { doneBlocks, totalBlocks, remainingBlocks, fraction: doneBlocks / totalBlocks, etaSeconds };
}
