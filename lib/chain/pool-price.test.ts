import { describe, expect, it } from "vitest";
import { taoValueRao } from "@/lib/protocol/emissions";
import {
  PERQUINTILL_ONE,
  balancerPrice,
  priceTao,
  runtimeAlphaPriceRao,
  runtimeApiPrice,
  snapshotPrice,
  type PoolPriceInputs,
} from "./pool-price";

const TAO = 1_000_000_000n;
const HALF = PERQUINTILL_ONE / 2n;

describe("balancerPrice", () => {
  it("is the reserve ratio only when the weights are equal", () => {
    const equal = balancerPrice(20_000n * TAO, 1_000_000n * TAO, HALF);
    expect(priceTao(equal)).toBeCloseTo(0.02, 12);
    // Quote weight 0.2: base / quote = 4, so four times the reserve ratio.
    const skewed = balancerPrice(20_000n * TAO, 1_000_000n * TAO, PERQUINTILL_ONE / 5n);
    expect(priceTao(skewed)).toBeCloseTo(0.08, 12);
    expect(taoValueRao(100n * TAO, skewed)).toBe(8n * TAO);
  });

  it("refuses a weight outside (0, 1)", () => {
    expect(() => balancerPrice(1n, 1n, 0n)).toThrow(RangeError);
    expect(() => balancerPrice(1n, 1n, PERQUINTILL_ONE)).toThrow(RangeError);
  });
});

describe("runtimeAlphaPriceRao", () => {
  it("agrees with the exact balancer price to the runtime's truncation", () => {
    const quote = 300_000_000_000_000_000n; // 0.3
    const [tao, alpha] = [20_000n * TAO, 1_000_000n * TAO];
    const rao = runtimeAlphaPriceRao(tao, alpha, quote);
    const exact = (tao * (PERQUINTILL_ONE - quote) * TAO) / (alpha * quote);
    expect(exact - rao >= 0n && exact - rao <= 1n).toBe(true);
    expect(priceTao(runtimeApiPrice(rao))).toBeCloseTo((0.7 / 0.3) * 0.02, 8);
  });

  it("answers 0 for an empty pool", () => {
    expect(runtimeAlphaPriceRao(1n, 0n, HALF)).toBe(0n);
  });
});

describe("snapshotPrice", () => {
  const stored: PoolPriceInputs = {
    priceSource: null,
    alphaPriceTao: 0.25,
    alphaPriceRao: null,
    swapQuoteWeight: null,
    subnetTaoRao: 10n * TAO,
    subnetAlphaInRao: 40n * TAO,
  };

  it("takes the runtime API's answer, then the balancer, then the reserves, then the stored float", () => {
    expect(snapshotPrice({ ...stored, priceSource: "runtime-api", alphaPriceRao: TAO / 2n })).toEqual(
      runtimeApiPrice(TAO / 2n),
    );
    expect(snapshotPrice({ ...stored, priceSource: "balancer", swapQuoteWeight: HALF })).toEqual(
      balancerPrice(10n * TAO, 40n * TAO, HALF),
    );
    expect(snapshotPrice(stored)).toEqual({ taoRao: 10n * TAO, alphaInRao: 40n * TAO });
    expect(snapshotPrice({ ...stored, priceSource: "moving-price" })).toBe(0.25);
  });

  it("falls back to the stored float when the inputs it names were not kept, and has none without one", () => {
    expect(snapshotPrice({ ...stored, priceSource: "balancer" })).toBe(0.25);
    expect(snapshotPrice({ ...stored, subnetAlphaInRao: 0n })).toBe(0.25);
    expect(snapshotPrice({ ...stored, subnetTaoRao: null, alphaPriceTao: null })).toBeNull();
  });
});
