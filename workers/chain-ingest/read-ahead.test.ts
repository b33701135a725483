import { describe, expect, it } from "vitest";
import { mapLimit } from "./map-limit";
import { ReadAhead } from "./read-ahead";
import type { BlockData } from "./types";

const blocks = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ number: from + i }) as BlockData);
const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("mapLimit", () => {
  it("answers in input order with at most `limit` calls in flight", async () => {
    let inFlight = 0;
    let most = 0;
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, n));
      inFlight--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });

  it("rejects with the first failure", async () => {
    await expect(
      mapLimit([1, 2, 3], 2, async (n) => (n === 2 ? Promise.reject(new Error("two")) : n)),
    ).rejects.toThrow("two");
  });
});

describe("ReadAhead", () => {
  it("hands out ranges in order while reading up to `depth` of them at once, following a moving target", async () => {
    let target = 9;
    let reading = 0;
    let most = 0;
    const reads: [number, number][] = [];
    const ahead = new ReadAhead(0, {
      depth: 2,
      rangeSize: 4,
      target: () => target,
      read: async (from, to) => {
        reads.push([from, to]);
        most = Math.max(most, ++reading);
        await tick();
        reading--;
        return blocks(from, to);
      },
    });
    const got: number[][] = [];
    for (let range = await ahead.next(); range; range = await ahead.next()) {
      got.push(range.map((b) => b.number));
      target = 13;
    }
    // Ranges already queued keep their bounds; the ones queued after the target moved reach the new target.
    expect(got).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9, 10, 11],
      [12, 13],
    ]);
    expect(reads).toEqual([
      [0, 3],
      [4, 7],
      [8, 11],
      [12, 13],
    ]);
    expect(most).toBe(2);
  });

  it("passes a failed read on to the caller, in its turn", async () => {
    const ahead = new ReadAhead(0, {
      depth: 3,
      rangeSize: 2,
      target: () => 5,
      read: async (from, to) => (from === 2 ? Promise.reject(new Error("node gone")) : blocks(from, to)),
    });
    expect((await ahead.next())?.length).toBe(2);
    await expect(ahead.next()).rejects.toThrow("node gone");
  });
});
