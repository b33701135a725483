import { describe, expect, it } from "vitest";

import {
  alphaPerDayRao,
  cumulativeEmission,
  epochsPerDay,
  reignEmission,
  taoPerDayRao,
  taoValueRao,
  type EpochEmission,
} from "./emissions";

const ALPHA = 1_000_000_000n;

describe("epochsPerDay", () => {
  it("counts an epoch every tempo + 1 blocks (7200 / 361 at the default tempo)", () => {
    expect(epochsPerDay(360)).toBeCloseTo(7_200 / 361, 12);
  });
});

describe("alphaPerDayRao", () => {
  it("scales one epoch's Emission by the epochs in a day, rounding down", () => {
    expect(alphaPerDayRao(361n * ALPHA, 360)).toBe(7_200n * ALPHA);
    expect(alphaPerDayRao(1n, 360)).toBe(19n);
  });

  it("rejects a negative or fractional tempo", () => {
    expect(() => alphaPerDayRao(1n, -1)).toThrow(RangeError);
    expect(() => alphaPerDayRao(1n, 1.5)).toThrow(RangeError);
  });
});

describe("taoValueRao", () => {
  it("prices alpha at SubnetTAO / SubnetAlphaIn, exactly in bigint", () => {
    expect(taoValueRao(100n * ALPHA, { taoRao: 50_000n * ALPHA, alphaInRao: 1_000_000n * ALPHA })).toBe(
      5n * ALPHA,
    );
  });

  it("accepts a moving price as TAO per alpha", () => {
    expect(taoValueRao(100n * ALPHA, 0.05)).toBe(5n * ALPHA);
  });

  it("gives null without a usable price (empty pool, negative or non-finite price)", () => {
    expect(taoValueRao(ALPHA, { taoRao: 1n, alphaInRao: 0n })).toBeNull();
    expect(taoValueRao(ALPHA, -1)).toBeNull();
    expect(taoValueRao(ALPHA, Number.NaN)).toBeNull();
  });
});

describe("taoPerDayRao", () => {
  it("is the day's alpha at the price: about 28 TAO/day at seed-like figures", () => {
    // ~70.4 alpha per epoch to the king at 0.02 TAO/alpha is about 28 TAO a day.
    const perEpoch = 70_400_000_000n;
    const tao = taoPerDayRao(perEpoch, 360, { taoRao: 20_000n * ALPHA, alphaInRao: 1_000_000n * ALPHA });
    expect(Number(tao) / 1e9).toBeCloseTo(28.08, 1);
  });
});

describe("reignEmission", () => {
  const price = { taoRao: 1n, alphaInRao: 10n };
  const epochs: EpochEmission[] = [
    { block: 100, uid: 1, emissionRao: 10n * ALPHA, price },
    { block: 461, uid: 1, emissionRao: 20n * ALPHA, price },
    { block: 461, uid: 2, emissionRao: 99n * ALPHA, price },
    { block: 822, uid: 1, emissionRao: 30n * ALPHA, price: null },
    { block: 1_183, uid: 1, emissionRao: 40n * ALPHA, price },
  ];

  it("sums the king's UID over epochs after the crowning block up to the end block", () => {
    expect(reignEmission(epochs, { uid: 1, fromBlock: 100, toBlock: 822 })).toEqual({
      alphaRao: 50n * ALPHA,
      taoRao: 2n * ALPHA,
      epochs: 2,
      epochsWithoutPrice: 1,
    });
  });

  it("runs to the latest epoch for an open reign", () => {
    expect(reignEmission(epochs, { uid: 1, fromBlock: 100, toBlock: null }).alphaRao).toBe(90n * ALPHA);
  });
});

describe("cumulativeEmission", () => {
  it("gives each reign's emission and their sum", () => {
    const epochs: EpochEmission[] = [
      { block: 10, uid: 1, emissionRao: 5n, price: 1 },
      { block: 20, uid: 2, emissionRao: 7n, price: 2 },
    ];
    const result = cumulativeEmission(epochs, [
      { uid: 1, fromBlock: 0, toBlock: 15 },
      { uid: 2, fromBlock: 15, toBlock: null },
    ]);
    expect(result.perReign.map((r) => r.alphaRao)).toEqual([5n, 7n]);
    expect(result.total).toEqual({ alphaRao: 12n, taoRao: 19n, epochs: 2, epochsWithoutPrice: 0 });
  });
});
