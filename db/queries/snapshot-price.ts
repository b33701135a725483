import type { AlphaPrice } from "@/lib/protocol/emissions";

/** A snapshot's alpha price: the pool reserves when both are known, else the explorer's price, else none. */
export function snapshotPriceOf(s: {
  subnetTaoRao: bigint | null;
  subnetAlphaInRao: bigint | null;
  alphaPriceTao: number | null;
}): AlphaPrice | null {
  if (s.subnetTaoRao !== null && s.subnetAlphaInRao !== null && s.subnetAlphaInRao > 0n) {
    return { taoRao: s.subnetTaoRao, alphaInRao: s.subnetAlphaInRao };
  }
  return s.alphaPriceTao;
}
