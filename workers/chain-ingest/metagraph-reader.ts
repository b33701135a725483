// A snapshot of the subnet at one block: one SubnetInfoRuntimeApi_get_selective_metagraph call where the
// runtime has it (finney), else the storage items one by one (older runtimes such as spec 218). Each neuron's
// stake is the chain's stake weight (lib/chain/stake-weight.ts): the metagraph's `total_stake`, or from storage
// TotalHotkeyAlpha[hotkey, netuid] + TaoWeight × TotalHotkeyAlpha[hotkey, 0] (without child-key inheritance,
// which only the runtime API applies). The price comes from price-reader.ts.
import { hexToU8a } from "@polkadot/util";
import { ChainLayoutError } from "@/lib/chain/codec";
import { stakeWeightRao } from "@/lib/chain/stake-weight";
import { assembleNeurons, type NeuronInfo } from "@/lib/chain/neurons";
import type { PoolPriceReading } from "@/lib/chain/pool-price";
import { METAGRAPH_INDEX, decodeSelectiveMetagraph } from "@/lib/chain/selective-metagraph";
import {
  decodeAccount,
  decodeBoolVector,
  decodeFixedI128,
  decodeU16,
  decodeU16Vector,
  decodeU64,
  decodeU64Vector,
} from "@/lib/chain/subnet";
import type { Logger } from "@/lib/log";
import type { BlockReadContext } from "./commitment-reader";
import { readPoolPrice } from "./price-reader";
import { decodeStorage, type RuntimeView } from "./runtime-view";
import type { MetagraphData, NeuronRow, SnapshotKind } from "./types";

const U16_MAX = 65_535;
const METAGRAPH_API = ["SubnetInfoRuntimeApi", "get_selective_metagraph"] as const;
const FIELDS = [
  "tempo",
  "alphaIn",
  "taoIn",
  "movingPrice",
  "hotkeys",
  "coldkeys",
  "validatorPermit",
  "emission",
  "incentives",
  "blockAtRegistration",
  "totalStake",
] as const;

type Snapshot = Omit<MetagraphData, "kind">;
type SubnetRead = Omit<Snapshot, keyof PoolPriceReading> & {
  movingPriceTao: number | null;
};

// Runtimes whose selective metagraph did not decode: read storage from then on, and warn once.
const unusableApi = new WeakSet<RuntimeView>();

function rows(neurons: NeuronInfo[]): NeuronRow[] {
  return neurons.map((n) => ({
    uid: n.uid,
    hotkey: n.hotkey,
    coldkey: n.coldkey ?? "",
    stakeRao: n.stakeWeight,
    validatorPermit: n.validatorPermit,
    incentive: n.incentive / U16_MAX,
    emissionRao: n.emission,
    registrationBlock: n.registeredAt,
  }));
}

async function viaRuntimeApi(ctx: BlockReadContext, outputType: string): Promise<SubnetRead | null> {
  const { registry } = ctx.view;
  const indexes = FIELDS.map((f) => METAGRAPH_INDEX[f]);
  const args = registry.createType("(u16, Vec<u16>)", [ctx.netuid, indexes]).toHex();
  const answer = await ctx.rpc.call(METAGRAPH_API.join("_"), args, ctx.hash);
  const m = decodeSelectiveMetagraph(registry.createTypeUnsafe(outputType, [hexToU8a(answer)]));
  if (m === null) return null;
  const missing = FIELDS.filter((f) => f !== "movingPrice" && m[f] === undefined);
  if (missing.length > 0)
    throw new ChainLayoutError("SelectiveMetagraph", "the requested fields", missing.join());
  const hotkeys = m.hotkeys ?? [];
  const neurons = assembleNeurons({
    hotkeys,
    coldkeys: m.coldkeys ?? [],
    validatorPermit: m.validatorPermit ?? [],
    incentive: m.incentives ?? [],
    dividends: [],
    emission: m.emission ?? [],
    stakeWeight: m.totalStake ?? [],
    registeredAt: m.blockAtRegistration ?? [],
  });
  return {
    via: "runtime-api",
    tempo: m.tempo ?? 0,
    neurons: rows(neurons),
    subnetTaoRao: m.taoIn ?? null,
    subnetAlphaInRao: m.alphaIn ?? null,
    movingPriceTao: m.movingPrice ?? null,
  };
}

function required(view: RuntimeView, method: string) {
  const entry = view.entry("subtensorModule", method);
  if (!entry) throw new ChainLayoutError(`SubtensorModule.${method}`, "a storage item", "none");
  return entry;
}

async function viaStorage(ctx: BlockReadContext): Promise<SubnetRead | null> {
  const { view, netuid, rpc, hash } = ctx;
  const item = (m: string) => required(view, m);
  // The moving price is newer than some runtimes; a pool price needs only SubnetTAO and SubnetAlphaIn.
  const moving = view.entry("subtensorModule", "subnetMovingPrice");
  const subnet = ["networksAdded", "subnetworkN", "tempo", "subnetTAO", "subnetAlphaIn"];
  const vectors = ["validatorPermit", "incentive", "emission"];
  const firstKeys = [...subnet, ...vectors].map((m) => view.key(item(m), netuid));
  if (moving) firstKeys.push(view.key(moving, netuid));
  const first = await rpc.storageAt(firstKeys, hash);
  const value = (m: string, i: number) => decodeStorage(view, item(m), first[i] ?? null);
  if (!value("networksAdded", 0).eq(true)) return null;
  const n = decodeU16(value("subnetworkN", 1), "SubnetworkN");
  const uids = Array.from({ length: n }, (_, uid) => uid);

  const perUid = await rpc.storageAt(
    uids.flatMap((uid) => [
      view.key(item("keys"), netuid, uid),
      view.key(item("blockAtRegistration"), netuid, uid),
    ]),
    hash,
  );
  const hotkeys = uids.map((uid) =>
    decodeAccount(decodeStorage(view, item("keys"), perUid[2 * uid] ?? null)),
  );
  const registeredAt = uids.map((uid) =>
    Number(decodeU64(decodeStorage(view, item("blockAtRegistration"), perUid[2 * uid + 1] ?? null))),
  );
  // TaoWeight is newer than some runtimes: without it, stake is alpha only.
  const taoWeight = view.entry("subtensorModule", "taoWeight");
  const perHotkey = await rpc.storageAt(
    hotkeys.flatMap((h) => [
      view.key(item("owner"), h),
      view.key(item("totalHotkeyAlpha"), h, netuid),
      view.key(item("totalHotkeyAlpha"), h, 0),
    ]),
    hash,
  );
  // Some runtimes (spec 218) keep TaoWeight per subnet, later ones as one global value.
  const taoWeightKey = taoWeight && view.key(taoWeight, ...(taoWeight.meta.type.isMap ? [netuid] : []));
  const [taoWeightHex] = taoWeightKey ? await rpc.storageAt([taoWeightKey], hash) : [null];
  const weight = taoWeight
    ? decodeU64(decodeStorage(view, taoWeight, taoWeightHex ?? null), "TaoWeight")
    : 0n;
  const hotkeyU64 = (i: number, column: number) =>
    decodeU64(decodeStorage(view, item("totalHotkeyAlpha"), perHotkey[3 * i + column] ?? null));
  const taoIn = decodeU64(value("subnetTAO", 3), "SubnetTAO");
  const alphaIn = decodeU64(value("subnetAlphaIn", 4), "SubnetAlphaIn");
  const movingHex = moving ? (first[firstKeys.length - 1] ?? null) : null;
  const neurons = assembleNeurons({
    hotkeys,
    coldkeys: hotkeys.map((_, i) =>
      decodeAccount(decodeStorage(view, item("owner"), perHotkey[3 * i] ?? null)),
    ),
    validatorPermit: decodeBoolVector(value("validatorPermit", 5), "ValidatorPermit"),
    incentive: decodeU16Vector(value("incentive", 6), "Incentive"),
    dividends: [],
    emission: decodeU64Vector(value("emission", 7), "Emission"),
    stakeWeight: hotkeys.map((_, i) => stakeWeightRao(hotkeyU64(i, 1), hotkeyU64(i, 2), weight)),
    registeredAt,
  });
  return {
    via: "storage",
    tempo: decodeU16(value("tempo", 2), "Tempo"),
    neurons: rows(neurons),
    subnetTaoRao: taoIn,
    subnetAlphaInRao: alphaIn,
    movingPriceTao:
      moving && movingHex !== null ? decodeFixedI128(decodeStorage(view, moving, movingHex)) : null,
  };
}

/**
 * The subnet at the block, or null when it does not exist there. `useRuntimeApi` is false in a block that
 * set new code: its state_call runs the new runtime, whose answer the old metadata may not describe.
 */
export async function readMetagraph(
  ctx: BlockReadContext,
  kind: SnapshotKind,
  useRuntimeApi: boolean,
  log: Logger,
): Promise<MetagraphData | null> {
  const usable = useRuntimeApi && !unusableApi.has(ctx.view);
  const outputType = usable ? ctx.view.callOutputType(...METAGRAPH_API) : null;
  const priced = async (read: SubnetRead | null): Promise<MetagraphData | null> => {
    if (!read) return null;
    const { movingPriceTao, ...snapshot } = read;
    const price = await readPoolPrice(ctx, useRuntimeApi, {
      taoRao: read.subnetTaoRao,
      alphaInRao: read.subnetAlphaInRao,
      movingPriceTao,
    });
    return { kind, ...snapshot, ...price };
  };
  if (outputType) {
    try {
      return await priced(await viaRuntimeApi(ctx, outputType));
    } catch (error) {
      if (!(error instanceof ChainLayoutError)) throw error;
      // Older finney runtimes answer a shorter SelectiveMetagraph; the storage items still hold the truth.
      unusableApi.add(ctx.view);
      log.warn("selective metagraph layout unknown, reading storage instead", {
        specVersion: ctx.view.specVersion,
        error: error.message,
      });
    }
  }
  return priced(await viaStorage(ctx));
}
