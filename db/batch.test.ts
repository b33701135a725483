import { describe, expect, it } from "vitest";
import { createBatcher } from "./batch";

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("createBatcher", () => {
  it("answers a lone item at once, in a batch of its own", async () => {
    const batches: number[][] = [];
    const double = createBatcher(
      async (items: readonly number[]) => {
        batches.push([...items]);
        return items.map((n) => n * 2);
      },
      { maxBatch: 10, maxInFlight: 1 },
    );
    expect(await double(21)).toBe(42);
    expect(batches).toEqual([[21]]);
  });

  it("gathers what arrives while a batch runs into the next one, up to maxBatch", async () => {
    const batches: number[][] = [];
    let release = () => undefined as void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const echo = createBatcher(
      async (items: readonly number[]) => {
        batches.push([...items]);
        if (batches.length === 1) await gate;
        return [...items];
      },
      { maxBatch: 3, maxInFlight: 1 },
    );
    const first = echo(0);
    await tick();
    await tick();
    const rest = [1, 2, 3, 4, 5].map((n) => echo(n));
    await tick();
    await tick();
    expect(batches).toEqual([[0]]); // the others wait for the one in flight
    release();
    expect(await Promise.all([first, ...rest])).toEqual([0, 1, 2, 3, 4, 5]);
    expect(batches).toEqual([[0], [1, 2, 3], [4, 5]]);
  });

  it("fails only the item that fails when the whole batch's statement fails", async () => {
    const batches: number[][] = [];
    const strict = createBatcher(
      async (items: readonly number[]) => {
        batches.push([...items]);
        if (items.includes(13)) throw new Error("unlucky");
        return items.map((n) => n + 1);
      },
      { maxBatch: 10, maxInFlight: 1 },
    );
    const answers = await Promise.allSettled([12, 13, 14].map((n) => strict(n)));
    expect(answers.map((a) => (a.status === "fulfilled" ? a.value : String(a.reason)))).toEqual([
      13,
      "Error: unlucky",
      15,
    ]);
    expect(batches).toEqual([[12, 13, 14], [12], [13], [14]]);
  });

  it("passes on a per-item Error without failing the others", async () => {
    const check = createBatcher(
      async (items: readonly number[]) => items.map((n) => (n < 0 ? new Error(`negative ${n}`) : n)),
      { maxBatch: 10, maxInFlight: 2 },
    );
    const answers = await Promise.allSettled([1, -1, 2].map((n) => check(n)));
    expect(answers.map((a) => a.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  });
});
