// The demo's chain clock: seals devnet blocks so that block N is due N × 12 s / speed after the start. A plain
// timer (the devnet's own `blockMs`) falls behind on a busy machine, since a late tick is a lost block; this
// one catches up, so "N× faster" stays true and the margin decays on schedule. Every block still carries
// finney's 12 s of chain time (the devnet's default without a timer).
import type { Devnet } from "@/workers/devnet/devnet";

const FINNEY_BLOCK_MS = 12_000;
const TICK_MS = 10;
/** At most this many blocks in one tick, so a long stall never freezes the process while it catches up. */
const MAX_BLOCKS_PER_TICK = 100;

export interface ChainClock {
  stop(): void;
}

export function startChainClock(devnet: Devnet, speed: number): ChainClock {
  const startedAt = performance.now();
  const firstBlock = devnet.chain.head.number;
  const timer = setInterval(() => {
    const due = firstBlock + Math.floor(((performance.now() - startedAt) * speed) / FINNEY_BLOCK_MS);
    const missing = due - devnet.chain.head.number;
    if (missing > 0) devnet.newBlocks(Math.min(missing, MAX_BLOCKS_PER_TICK));
  }, TICK_MS);
  return { stop: () => clearInterval(timer) };
}
