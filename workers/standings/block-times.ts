/** A block whose wall-clock time we know: a snapshot's block time, or when a verdict was first seen final. */
export interface KnownBlockTime {
  readonly block: number;
  readonly time: Date;
}

/**
 * The time of any block, from the nearest block whose time is known and `blockSeconds` per block in between.
 * Chain block times drift by seconds per day, which is far below what a reign's start or end is shown to.
 * Exact times win over estimates: the first entry given for a block is kept, so pass the best sources first.
 */
export function blockTimeEstimator(
  known: readonly KnownBlockTime[],
  blockSeconds: number,
): (block: number) => Date | null {
  const byBlock = new Map<number, Date>();
  for (const k of known) if (!byBlock.has(k.block)) byBlock.set(k.block, k.time);
  const blocks = [...byBlock.keys()].sort((a, b) => a - b);
  return (block) => {
    if (blocks.length === 0) return null;
    const exact = byBlock.get(block);
    if (exact) return exact;
    let lo = 0;
    let hi = blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((blocks[mid] as number) < block) lo = mid + 1;
      else hi = mid;
    }
    const candidates = [blocks[lo - 1], blocks[lo]].filter((b): b is number => b !== undefined);
    const nearest = candidates.reduce((a, b) => (Math.abs(b - block) < Math.abs(a - block) ? b : a));
    const base = byBlock.get(nearest) as Date;
    return new Date(base.getTime() + (block - nearest) * blockSeconds * 1000);
  };
}
