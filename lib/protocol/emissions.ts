// Emission to the king (protocol.md "Emissions"). Epochs are what the chain ran (lib/chain/epoch.ts): an
// owner-triggered, deferred or skipped slot and a tempo change all move them, so a day's emission is summed
// over the epochs observed in it, never derived from the tempo.

/** SubnetTAO / SubnetAlphaIn, both RAO: the pool price of one alpha in TAO. */
export interface PoolPrice {
  readonly taoRao: bigint;
  readonly alphaInRao: bigint;
}

/** The pool reserves, or a moving price already converted to TAO per alpha. */
export type AlphaPrice = PoolPrice | number;

// A moving price (a float) is applied in fixed point so the result stays an exact bigint.
const PRICE_SCALE = 1_000_000_000_000n;

/** The TAO value (RAO) of an alpha amount; rounds down; null when there is no usable price. */
export function taoValueRao(alphaRao: bigint, price: AlphaPrice): bigint | null {
  if (typeof price === "number") {
    if (!Number.isFinite(price) || price < 0) return null;
    return (alphaRao * BigInt(Math.round(price * Number(PRICE_SCALE)))) / PRICE_SCALE;
  }
  if (price.alphaInRao <= 0n || price.taoRao < 0n) return null;
  return (alphaRao * price.taoRao) / price.alphaInRao;
}

export interface ObservedEpoch {
  readonly block: number;
  /** Alpha paid to the king at this epoch. */
  readonly alphaRao: bigint;
  /** Its TAO value at the epoch's own price; null without a price. */
  readonly taoRao: bigint | null;
}

export interface PerDay {
  readonly alphaPerDayRao: bigint;
  /** Null when no epoch of the window had a price. */
  readonly taoPerDayRao: bigint | null;
  readonly epochs: number;
  /** Blocks the window covers: a day, or less when the explorer's history starts later. */
  readonly spanBlocks: number;
}

/**
 * Alpha and TAO a day from the epochs observed in the day up to `headBlock` (blocks in (head − day, head]).
 * When the explorer's history (from `firstBlock`) covers less than a day, the sum is scaled to a day; null
 * when it covers nothing yet.
 */
export function observedPerDay(
  epochs: readonly ObservedEpoch[],
  window: { headBlock: number; firstBlock: number; blocksPerDay: number },
): PerDay | null {
  const { headBlock, firstBlock, blocksPerDay } = window;
  const after = Math.max(headBlock - blocksPerDay, firstBlock - 1);
  const span = headBlock - after;
  if (span <= 0) return null;
  const inside = epochs.filter((e) => e.block > after && e.block <= headBlock);
  const scale = (rao: bigint) => (rao * BigInt(blocksPerDay)) / BigInt(span);
  const alpha = inside.reduce((sum, e) => sum + e.alphaRao, 0n);
  const priced = inside.filter((e) => e.taoRao !== null);
  const tao = priced.reduce((sum, e) => sum + (e.taoRao ?? 0n), 0n);
  return {
    alphaPerDayRao: scale(alpha),
    taoPerDayRao: inside.length > 0 && priced.length === 0 ? null : scale(tao),
    epochs: inside.length,
    spanBlocks: span,
  };
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
