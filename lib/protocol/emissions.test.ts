import { describe, expect, it } from "vitest";

import { observedPerDay, reignEmission, taoValueRao, type EpochEmission } from "./emissions";

const ALPHA = 1_000_000_000n;

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

describe("observedPerDay", () => {
  const day = { headBlock: 20_000, firstBlock: 0, blocksPerDay: 7_200 };
  const epoch = (block: number, alpha: bigint, tao: bigint | null = alpha / 50n) => ({
    block,
    alphaRao: alpha,
    taoRao: tao,
  });

  it("sums the epochs observed in the last day, whatever their spacing", () => {
    // An owner-triggered epoch adds one to the day: four epochs, not 7200 / 361 of them.
    const epochs = [
      epoch(12_800, 99n * ALPHA), // exactly a day before the head: outside
      epoch(12_801, 10n * ALPHA),
      epoch(15_000, 10n * ALPHA),
      epoch(15_100, 10n * ALPHA),
      epoch(20_000, 10n * ALPHA),
      epoch(20_001, 99n * ALPHA), // after the head
    ];
    expect(observedPerDay(epochs, day)).toEqual({
      alphaPerDayRao: 40n * ALPHA,
      taoPerDayRao: (40n * ALPHA) / 50n,
      epochs: 4,
      spanBlocks: 7_200,
    });
  });

  it("scales a shorter history to a day, and leaves unpriced epochs out of TAO", () => {
    const epochs = [epoch(19_000, 10n * ALPHA), epoch(19_500, 10n * ALPHA, null)];
    expect(observedPerDay(epochs, { ...day, firstBlock: 18_201 })).toEqual({
      alphaPerDayRao: 80n * ALPHA,
      taoPerDayRao: (4n * 10n * ALPHA) / 50n,
      epochs: 2,
      spanBlocks: 1_800,
    });
    expect(observedPerDay([epoch(19_500, ALPHA, null)], day)?.taoPerDayRao).toBeNull();
    expect(observedPerDay([], { ...day, firstBlock: 20_001 })).toBeNull();
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
