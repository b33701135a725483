import { describe, expect, it } from "vitest";
import { stakeWeightRao, taoWeightBits } from "./stake-weight";

const TAO = 1_000_000_000n;
// finney's default TaoWeight (storage default 0xfc62e03efa3c7c0d, little-endian): about 0.0527.
const FINNEY_DEFAULT = 0x0d7c3cfa3ee062fcn;

describe("stakeWeightRao", () => {
  it("adds TaoWeight × root TAO to the alpha stake", () => {
    expect(stakeWeightRao(1_000n * TAO, 0n, FINNEY_DEFAULT)).toBe(1_000n * TAO);
    // 0.0527 of 100 TAO, as the runtime's 32-bit fraction rounds it.
    expect(stakeWeightRao(0n, 100n * TAO, FINNEY_DEFAULT)).toBe(5_267_697_433n);
    expect(stakeWeightRao(2n * TAO, 100n * TAO, FINNEY_DEFAULT)).toBe(7_267_697_433n);
  });

  it("uses the runtime's 32-bit weight, not the exact ratio", () => {
    const bits = taoWeightBits(FINNEY_DEFAULT);
    expect(bits).toBe((FINNEY_DEFAULT << 32n) / ((1n << 64n) - 1n));
    expect(stakeWeightRao(5n, 1n << 40n, FINNEY_DEFAULT)).toBe(5n + (((1n << 40n) * bits) >> 32n));
    // A weight of 1 (u64::MAX) counts the TAO in full.
    expect(stakeWeightRao(0n, 7n * TAO, (1n << 64n) - 1n)).toBe(7n * TAO);
  });

  it("refuses a TaoWeight that is not a u64", () => {
    expect(() => taoWeightBits(1n << 64n)).toThrow(RangeError);
  });
});
