import { describe, expect, it } from "vitest";
import { backfillProgress } from "./backfill-progress";

const base = { firstBlock: 30_000, lastIngestedBlock: 41_000, finalizedBlock: 50_000, blockSeconds: 12 };

describe("backfillProgress", () => {
  it("counts blocks from the first stored block through the cursor, of those through the head", () => {
    const p = backfillProgress({ ...base, blocksPerSecond: 12.5 });
    expect(p).toMatchObject({ doneBlocks: 11_001, totalBlocks: 20_001, remainingBlocks: 9_000 });
    expect(p?.fraction).toBeCloseTo(11_001 / 20_001, 12);
  });

  it("takes the ETA from the rate at which ingest gains on a head that moves one block per block time", () => {
    // 12.5 b/s stored, the head adds 1/12 b/s: 9,000 blocks at 12.41666… b/s.
    expect(backfillProgress({ ...base, blocksPerSecond: 12.5 })?.etaSeconds).toBe(
      Math.ceil(9_000 / (12.5 - 1 / 12)),
    );
    expect(backfillProgress({ ...base, blocksPerSecond: 1 })?.etaSeconds).toBe(
      Math.ceil(9_000 / (1 - 1 / 12)),
    );
  });

  it("has no ETA while ingest does not gain on the head", () => {
    for (const blocksPerSecond of [null, undefined, 0, 1 / 12, 0.05])
      expect(backfillProgress({ ...base, blocksPerSecond })?.etaSeconds).toBeNull();
  });

  it("is complete (ETA 0) at the head, even with no rate", () => {
    const p = backfillProgress({ ...base, lastIngestedBlock: 50_000, blocksPerSecond: 0 });
    expect(p).toMatchObject({ doneBlocks: 20_001, remainingBlocks: 0, fraction: 1, etaSeconds: 0 });
  });

  it("stays within 0..1 when the cursor is ahead of a stale head or behind the first block", () => {
    expect(backfillProgress({ ...base, lastIngestedBlock: 50_100, blocksPerSecond: 3 })?.fraction).toBe(1);
    expect(backfillProgress({ ...base, lastIngestedBlock: 29_000, blocksPerSecond: 3 })).toMatchObject({
      doneBlocks: 0,
      fraction: 0,
    });
  });

  it("is unknown until the first block, the cursor and the head are known", () => {
    expect(backfillProgress({ ...base, firstBlock: null, blocksPerSecond: 3 })).toBeNull();
    expect(backfillProgress({ ...base, lastIngestedBlock: null, blocksPerSecond: 3 })).toBeNull();
    expect(backfillProgress({ ...base, finalizedBlock: null, blocksPerSecond: 3 })).toBeNull();
  });
});
