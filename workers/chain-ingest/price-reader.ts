// The pool's alpha price at one block, from the best source the runtime offers (protocol.md "Emissions"):
// SwapRuntimeApi_current_alpha_price, else the Swap.SwapBalancer weights with the reserves, else the plain
// reserve ratio (runtimes before the balancer), else SubnetMovingPrice. See lib/chain/pool-price.ts.
import { hexToU8a, u8aToHex } from "@polkadot/util";
import { asBigInt, asStruct, field } from "@/lib/chain/codec";
import { balancerPrice, priceTao, runtimeApiPrice, type PoolPriceReading } from "@/lib/chain/pool-price";
import type { BlockReadContext } from "./commitment-reader";
import { decodeStorage } from "./runtime-view";

const PRICE_API = ["SwapRuntimeApi", "current_alpha_price"] as const;

/** The quote weight stored in Swap.SwapBalancer[netuid]; null when the runtime has no balancer. */
async function readQuoteWeight(ctx: BlockReadContext): Promise<bigint | null> {
  const entry = ctx.view.entry("swap", "swapBalancer");
  if (!entry) return null;
  const [hex] = await ctx.rpc.storageAt([ctx.view.key(entry, ctx.netuid)], ctx.hash);
  const where = "Swap.SwapBalancer";
  // Balancer { quote: Perquintill }; Perquintill is a newtype over u64.
  const quote = field(
    asStruct(decodeStorage(ctx.view, entry, hex ?? null), where, ["quote"]),
    "quote",
    where,
  );
  return asBigInt(quote, `${where}.quote`);
}

/**
 * `useRuntimeApi` is false in a block that set new code (its state_call runs the new runtime), where the
 * balancer's storage still gives the block's own price.
 */
export async function readPoolPrice(
  ctx: BlockReadContext,
  useRuntimeApi: boolean,
  reserves: { taoRao: bigint | null; alphaInRao: bigint | null; movingPriceTao: number | null },
): Promise<PoolPriceReading> {
  const none = { alphaPriceRao: null, swapQuoteWeight: null };
  const outputType = useRuntimeApi ? ctx.view.callOutputType(...PRICE_API) : null;
  if (outputType) {
    // SCALE bytes: a number's toHex() is big-endian, not its encoding.
    const args = u8aToHex(ctx.view.registry.createType("u16", ctx.netuid).toU8a());
    const answer = await ctx.rpc.call(PRICE_API.join("_"), args, ctx.hash);
    const rao = asBigInt(
      ctx.view.registry.createTypeUnsafe(outputType, [hexToU8a(answer)]),
      "current_alpha_price",
    );
    return {
      ...none,
      priceSource: "runtime-api",
      alphaPriceRao: rao,
      alphaPriceTao: priceTao(runtimeApiPrice(rao)),
    };
  }
  const { taoRao, alphaInRao, movingPriceTao } = reserves;
  if (taoRao !== null && alphaInRao !== null && alphaInRao > 0n) {
    const quote = await readQuoteWeight(ctx);
    if (quote !== null) {
      const price = balancerPrice(taoRao, alphaInRao, quote);
      return { ...none, priceSource: "balancer", swapQuoteWeight: quote, alphaPriceTao: priceTao(price) };
    }
    return { ...none, priceSource: "reserves", alphaPriceTao: priceTao({ taoRao, alphaInRao }) };
  }
  if (movingPriceTao !== null) return { ...none, priceSource: "moving-price", alphaPriceTao: movingPriceTao };
  return { ...none, priceSource: null, alphaPriceTao: null };
}
