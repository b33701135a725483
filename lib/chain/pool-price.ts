// The alpha price of a subnet's pool as the runtime defines it (protocol.md "Emissions").
//
// finney spec 424's Swap pallet is a weighted balancer (pallets/swap/src/pallet/balancer.rs): `Swap.SwapBalancer`
// [netuid] stores only the quote (TAO) weight, a Perquintill (parts of 10^18); the base (alpha) weight is
// 1 - quote. `Balancer::calculate_price(x = alpha reserve, y = TAO reserve)` is (w_base / w_quote) × y / x,
// with the reserves `SubtensorModule.SubnetAlphaIn` and `SubnetTAO`. The runtime API
// `SwapRuntimeApi_current_alpha_price(netuid) -> u64` answers that price × 10^9 (TAO-RAO per alpha), computed in
// U64F64 (runtime/src/lib.rs). Before the balancer the price was the plain reserve ratio y / x.
import type { AlphaPrice, PoolPrice } from "@/lib/protocol/emissions";

/** Where a snapshot's alpha price came from, best first. */
export const PRICE_SOURCES = ["runtime-api", "balancer", "reserves", "moving-price"] as const;
export type PriceSource = (typeof PRICE_SOURCES)[number];

/** How a page names each source. */
export const PRICE_SOURCE_LABELS: Record<PriceSource, string> = {
  "runtime-api": "the pool's spot price (SwapRuntimeApi)",
  balancer: "the balancer's weighted reserves (Swap.SwapBalancer)",
  reserves: "the reserves ratio (SubnetTAO / SubnetAlphaIn)",
  "moving-price": "the moving price (SubnetMovingPrice)",
};

/** The price read at one block, and which source gave it. */
export interface PoolPriceReading {
  priceSource: PriceSource | null;
  alphaPriceTao: number | null;
  /** SwapRuntimeApi_current_alpha_price's answer (TAO-RAO per alpha), when that was the source. */
  alphaPriceRao: bigint | null;
  /** Swap.SwapBalancer's quote (TAO) weight (parts of 10^18), when the balancer was the source. */
  swapQuoteWeight: bigint | null;
}

/** What a snapshot keeps of its pool: the reading with the reserves, so the price can be recomputed exactly. */
export interface PoolPriceInputs extends PoolPriceReading {
  subnetTaoRao: bigint | null;
  subnetAlphaInRao: bigint | null;
}

export const PERQUINTILL_ONE = 1_000_000_000_000_000_000n;
const RAO_PER_TAO = 1_000_000_000n;
const ONE_U64F64 = 1n << 64n;

/** The balancer's price as an exact ratio of RAO amounts: (1 - q) × TAO / (q × alpha). */
export function balancerPrice(taoRao: bigint, alphaInRao: bigint, quoteParts: bigint): PoolPrice {
  if (quoteParts <= 0n || quoteParts >= PERQUINTILL_ONE)
    throw new RangeError(`balancer quote weight must be in (0, 1), got ${quoteParts} parts of 10^18`);
  return { taoRao: taoRao * (PERQUINTILL_ONE - quoteParts), alphaInRao: alphaInRao * quoteParts };
}

/** The runtime API's answer as a price: TAO-RAO per 10^9 alpha-RAO. */
export function runtimeApiPrice(priceRao: bigint): PoolPrice {
  return { taoRao: priceRao, alphaInRao: RAO_PER_TAO };
}

/** TAO per alpha as a float, for display and the snapshot's `alpha_price_tao`. */
export function priceTao(price: PoolPrice): number | null {
  if (price.alphaInRao <= 0n) return null;
  return Number((price.taoRao * RAO_PER_TAO) / price.alphaInRao) / Number(RAO_PER_TAO);
}

/**
 * `SwapRuntimeApi_current_alpha_price` as the runtime computes it: U64F64 divisions and product, each
 * truncated, then × 10^9 truncated (what a node answers; the devnet serves it).
 */
export function runtimeAlphaPriceRao(taoRao: bigint, alphaInRao: bigint, quoteParts: bigint): bigint {
  if (alphaInRao === 0n || quoteParts === 0n) return 0n;
  const weights = ((PERQUINTILL_ONE - quoteParts) * ONE_U64F64) / quoteParts;
  const reserves = (taoRao * ONE_U64F64) / alphaInRao;
  const price = (weights * reserves) / ONE_U64F64;
  return (price * RAO_PER_TAO) / ONE_U64F64;
}

/**
 * A snapshot's alpha price, exact where the chain's inputs were kept: the runtime API's answer, the balancer
 * weights with the reserves, the plain reserves (rows before the source was recorded priced this way), else the
 * stored float; null when there is none.
 */
export function snapshotPrice(s: PoolPriceInputs): AlphaPrice | null {
  if (s.priceSource === "runtime-api" && s.alphaPriceRao !== null) return runtimeApiPrice(s.alphaPriceRao);
  const reserves =
    s.subnetTaoRao !== null && s.subnetAlphaInRao !== null && s.subnetAlphaInRao > 0n
      ? { taoRao: s.subnetTaoRao, alphaInRao: s.subnetAlphaInRao }
      : null;
  if (s.priceSource === "balancer" && reserves && s.swapQuoteWeight !== null)
    return balancerPrice(reserves.taoRao, reserves.alphaInRao, s.swapQuoteWeight);
  if ((s.priceSource === "reserves" || s.priceSource === null) && reserves) return reserves;
  return s.alphaPriceTao;
}
