import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { beatsKing, blockWhenMarginZero, epsilonAt, scoreToBeat } from "./margin";
import { DEFAULT_PARAMS } from "./params";

const params = DEFAULT_PARAMS;
const age = fc.integer({ min: -1_000_000, max: 10_000_000 });

describe("epsilonAt", () => {
  it("is ε0 = 0.01 at the coronation block", () => {
    expect(epsilonAt(0, params)).toBe(0.01);
  });

  it("decays linearly: half of ε0 at half of decay_blocks", () => {
    expect(epsilonAt(25_200, params)).toBeCloseTo(0.005, 15);
  });

  it("is 0 from decay_blocks (50,400 blocks, 7 days) on", () => {
    expect(epsilonAt(50_400, params)).toBe(0);
    expect(epsilonAt(1_000_000, params)).toBe(0);
  });

  it("treats a negative age as 0", () => {
    expect(epsilonAt(-100, params)).toBe(0.01);
  });

  it("is 0 when decay_blocks is not positive", () => {
    expect(epsilonAt(0, { ...params, decayBlocks: 0 })).toBe(0);
  });

  it("stays within [0, ε0] for every age", () => {
    fc.assert(
      fc.property(age, (a) => {
        const e = epsilonAt(a, params);
        expect(e).toBeGreaterThanOrEqual(0);
        expect(e).toBeLessThanOrEqual(params.epsilon0);
      }),
    );
  });

  it("never increases with age", () => {
    fc.assert(
      fc.property(age, age, (a, b) => {
        expect(epsilonAt(Math.max(a, b), params)).toBeLessThanOrEqual(epsilonAt(Math.min(a, b), params));
      }),
    );
  });
});

describe("scoreToBeat", () => {
  it("is king_score × (1 + ε(age))", () => {
    expect(scoreToBeat(0.2, 0, params)).toBeCloseTo(0.202, 15);
    expect(scoreToBeat(0.2, 50_400, params)).toBe(0.2);
  });

  it("never increases with age, for any king score", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 10, noNaN: true }), age, age, (king, a, b) => {
        expect(scoreToBeat(king, Math.max(a, b), params)).toBeLessThanOrEqual(
          scoreToBeat(king, Math.min(a, b), params),
        );
      }),
    );
  });
});

describe("blockWhenMarginZero", () => {
  it("is the coronation block plus decay_blocks", () => {
    expect(blockWhenMarginZero(1_000, params)).toBe(51_400);
    expect(epsilonAt(blockWhenMarginZero(1_000, params) - 1_000, params)).toBe(0);
    expect(epsilonAt(blockWhenMarginZero(1_000, params) - 1_001, params)).toBeGreaterThan(0);
  });
});

describe("beatsKing", () => {
  it("requires strictly more than the threshold (equal does not crown)", () => {
    expect(beatsKing(0.2, 0.2, 50_400, params)).toBe(false);
    expect(beatsKing(0.2000001, 0.2, 50_400, params)).toBe(true);
  });

  it("rejects a near-miss inside the margin", () => {
    expect(beatsKing(0.201, 0.2, 0, params)).toBe(false);
    expect(beatsKing(0.2021, 0.2, 0, params)).toBe(true);
  });

  it("lets the same score win once the margin has decayed", () => {
    expect(beatsKing(0.201, 0.2, 0, params)).toBe(false);
    expect(beatsKing(0.201, 0.2, 40_000, params)).toBe(true);
  });

  it.each([0, -0.1, Number.NaN, Number.POSITIVE_INFINITY])("never crowns a score of %s", (score) => {
    expect(beatsKing(score, 0, 100_000, params)).toBe(false);
  });

  it("never lets a lower or equal score beat the king", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        age,
        (king, f, a) => {
          expect(beatsKing(king * f, king, a, params)).toBe(false);
        },
      ),
    );
  });
});
