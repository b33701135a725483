import { describe, expect, it } from "vitest";
import { boundedMemo } from "./memo";

describe("boundedMemo", () => {
  it("computes once per key, null results included, and starts over when full", () => {
    const calls: string[] = [];
    const memo = boundedMemo((key: string) => {
      calls.push(key);
      return key === "bad" ? null : key.length;
    }, 3);
    expect([memo("ab"), memo("ab"), memo("bad"), memo("bad"), memo("xyz")]).toEqual([2, 2, null, null, 3]);
    expect(calls).toEqual(["ab", "bad", "xyz"]);
    memo("four");
    memo("ab");
    expect(calls).toEqual(["ab", "bad", "xyz", "four", "ab"]);
  });
});
