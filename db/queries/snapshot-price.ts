import { balancerPrice, runtimeApiPrice, type PriceSource } from "@/lib/chain/pool-price";
import type { AlphaPrice } from "@/lib/protocol/emissions";

/**
 * A snapshot's alpha price, exact where the chain's inputs were kept: the runtime API's answer, the balancer
 * weights with the reserves, the plain reserves (rows before the source was recorded priced this way), else the
 * stored float; null when there is none.
 */
export function snapshotPriceOf(s: {
  subnetTaoRao: bigint | null;
  subnetAlphaInRao: bigint | null;
  alphaPriceTao: number | null;
  priceSource: PriceSource | null;
  alphaPriceRao: bigint | null;
  swapQuoteWeight: bigint | null;
}): AlphaPrice | null {
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
