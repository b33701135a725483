// Emission to the king (protocol.md "Emissions"). Subtensor runs a subnet's epoch when
// (block + netuid + 1) % (tempo + 1) == 0, i.e. every tempo + 1 blocks, so a day holds
// blocksPerDay / (tempo + 1) epochs (7200 / 361 ≈ 19.94 at the default tempo), not blocksPerDay / tempo.

/** SubnetTAO / SubnetAlphaIn, both RAO: the pool price of one alpha in TAO. */
export interface PoolPrice {
  readonly taoRao: bigint;
  readonly alphaInRao: bigint;
}

/** The pool reserves, or a moving price already converted to TAO per alpha. */
export type AlphaPrice = PoolPrice | number;

// A moving price (a float) is applied in fixed point so the result stays an exact bigint.
const PRICE_SCALE = 1_000_000_000_000n;

export function epochsPerDay(tempo: number, blocksPerDay = 7_200): number {
  return blocksPerDay / (tempo + 1);
}

/** Alpha per day (RAO) from one epoch's per-UID Emission; rounds down. */
export function alphaPerDayRao(emissionPerEpochRao: bigint, tempo: number, blocksPerDay = 7_200): bigint {
  if (!Number.isInteger(tempo) || tempo < 0)
    throw new RangeError(`tempo must be a non-negative integer, got ${tempo}`);
  return (emissionPerEpochRao * BigInt(blocksPerDay)) / BigInt(tempo + 1);
}

/** The TAO value (RAO) of an alpha amount; rounds down; null when there is no usable price. */
export function taoValueRao(alphaRao: bigint, price: AlphaPrice): bigint | null {
  if (typeof price === "number") {
    if (!Number.isFinite(price) || price < 0) return null;
    return (alphaRao * BigInt(Math.round(price * Number(PRICE_SCALE)))) / PRICE_SCALE;
  }
  if (price.alphaInRao <= 0n || price.taoRao < 0n) return null;
  return (alphaRao * price.taoRao) / price.alphaInRao;
}

/** TAO per day (RAO) to a UID from one epoch's Emission, at `price`; null without a usable price. */
export function taoPerDayRao(
  emissionPerEpochRao: bigint,
  tempo: number,
  price: AlphaPrice,
  blocksPerDay = 7_200,
): bigint | null {
  return taoValueRao(alphaPerDayRao(emissionPerEpochRao, tempo, blocksPerDay), price);
}

export interface EpochEmission {
  /** The block at which the epoch ran. */
  readonly block: number;
  readonly uid: number;
  readonly emissionRao: bigint;
  /** The price at that epoch, null when unknown. */
  readonly price: AlphaPrice | null;
}

export interface ReignWindow {
  readonly uid: number;
  readonly fromBlock: number;
  readonly toBlock: number | null;
}

export interface EmissionTotal {
  readonly alphaRao: bigint;
  /** Sum of each epoch's alpha at that epoch's price; epochs without a price are left out of it. */
  readonly taoRao: bigint;
  readonly epochs: number;
  readonly epochsWithoutPrice: number;
}

/**
 * What the king's UID earned during a reign: epochs with fromBlock < block <= toBlock. An epoch pays for the
 * blocks before it, so the epoch at the crowning block still paid the previous weights, and the one at the
 * block the reign ended paid this king's.
 */
export function reignEmission(epochs: readonly EpochEmission[], reign: ReignWindow): EmissionTotal {
  let alphaRao = 0n;
  let taoRao = 0n;
  let count = 0;
  let withoutPrice = 0;
  for (const epoch of epochs) {
    if (epoch.uid !== reign.uid || epoch.block <= reign.fromBlock) continue;
    if (reign.toBlock !== null && epoch.block > reign.toBlock) continue;
    alphaRao += epoch.emissionRao;
    count++;
    const tao = epoch.price === null ? null : taoValueRao(epoch.emissionRao, epoch.price);
    if (tao === null) withoutPrice++;
    else taoRao += tao;
  }
  return { alphaRao, taoRao, epochs: count, epochsWithoutPrice: withoutPrice };
}

/** Emission per reign, in the given order, and the sum over all of them. */
export function cumulativeEmission(
  epochs: readonly EpochEmission[],
  reigns: readonly ReignWindow[],
): { readonly perReign: readonly EmissionTotal[]; readonly total: EmissionTotal } {
  const perReign = reigns.map((reign) => reignEmission(epochs, reign));
  const total = perReign.reduce(
    (sum, r) => ({
      alphaRao: sum.alphaRao + r.alphaRao,
      taoRao: sum.taoRao + r.taoRao,
      epochs: sum.epochs + r.epochs,
      epochsWithoutPrice: sum.epochsWithoutPrice + r.epochsWithoutPrice,
    }),
    { alphaRao: 0n, taoRao: 0n, epochs: 0, epochsWithoutPrice: 0 },
  );
  return { perReign, total };
}
