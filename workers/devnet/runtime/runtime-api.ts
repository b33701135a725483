// state_call: the runtime APIs the devnet implements, with finney's names, versions and SCALE layouts.
import type { TypeRegistry } from "@polkadot/types";
import { compactAddLength, hexToU8a, u8aConcat } from "@polkadot/util";
import { blake2AsHex } from "@polkadot/util-crypto";
import { rejected } from "../errors";
import { asBigInt, asStruct, field } from "@/lib/chain/codec";
import { runtimeAlphaPriceRao } from "@/lib/chain/pool-price";
import { nextEpochStart, type Scheduling } from "./epoch";
import { selectiveMetagraph } from "./metagraph";
import type { State } from "./state";
import { decodeU16, decodeU64 } from "@/lib/chain/subnet";

// The versions finney 424 reports for the APIs the devnet implements.
const API_VERSIONS: readonly [string, number][] = [
  ["Core", 5],
  ["Metadata", 2],
  ["SubnetInfoRuntimeApi", 2],
  ["SwapRuntimeApi", 1],
];
const METADATA_VERSION = 15;

export interface RuntimeVersionJson {
  specName: string;
  implName: string;
  authoringVersion: number;
  specVersion: number;
  implVersion: number;
  apis: [string, number][];
  transactionVersion: number;
  stateVersion: number;
}

export function runtimeVersion(specName: string, specVersion: number): RuntimeVersionJson {
  return {
    specName,
    implName: specName,
    authoringVersion: 1,
    specVersion,
    implVersion: 1,
    apis: API_VERSIONS.map(([name, version]) => [blake2AsHex(name, 64), version]),
    transactionVersion: 1,
    stateVersion: 1,
  };
}

export interface CallContext {
  registry: TypeRegistry;
  state: State;
  block: number;
  version: RuntimeVersionJson;
  metadata: Uint8Array;
  scheduling: Scheduling;
}

export function stateCall(method: string, data: string, ctx: CallContext): Uint8Array {
  const { registry } = ctx;
  const args = hexToU8a(data);
  switch (method) {
    case "Core_version":
      return registry.createType("RuntimeVersion", ctx.version).toU8a();
    // OpaqueMetadata is a Vec<u8>: the metadata with a length prefix (and a Some flag when optional).
    case "Metadata_metadata":
      return compactAddLength(ctx.metadata);
    case "Metadata_metadata_versions":
      return registry.createType("Vec<u32>", [METADATA_VERSION]).toU8a();
    case "Metadata_metadata_at_version": {
      const version = registry.createType("u32", args).toNumber();
      return version === METADATA_VERSION
        ? u8aConcat([1], compactAddLength(ctx.metadata))
        : new Uint8Array([0]);
    }
    case "SubnetInfoRuntimeApi_get_selective_metagraph": {
      const [netuid, indexes] = registry.createType("(u16, Vec<u16>)", args);
      return selectiveMetagraph(
        ctx.state,
        netuid.toNumber(),
        indexes.map((i) => i.toNumber()),
        ctx.block,
      );
    }
    case "SubnetInfoRuntimeApi_get_next_epoch_start_block": {
      const netuid = registry.createType("u16", args).toNumber();
      const exists = ctx.state.has("SubtensorModule", "NetworksAdded", [netuid]);
      const next = exists ? nextEpochStart(ctx.state, netuid, ctx.scheduling, ctx.block) : null;
      return registry.createType("Option<u64>", next).toU8a();
    }
    // pallet_subtensor_swap current_price × 10^9: the balancer price of a dynamic subnet, 1 for a stable one.
    case "SwapRuntimeApi_current_alpha_price": {
      const netuid = registry.createType("u16", args).toNumber();
      const u64 = (pallet: string, item: string) => decodeU64(ctx.state.value(pallet, item, [netuid]));
      const stable = decodeU16(ctx.state.value("SubtensorModule", "SubnetMechanism", [netuid])) !== 1;
      const balancer = asStruct(ctx.state.value("Swap", "SwapBalancer", [netuid]), "SwapBalancer", ["quote"]);
      const quote = asBigInt(field(balancer, "quote", "SwapBalancer"), "SwapBalancer.quote");
      const price = stable
        ? 1_000_000_000n
        : runtimeAlphaPriceRao(
            u64("SubtensorModule", "SubnetTAO"),
            u64("SubtensorModule", "SubnetAlphaIn"),
            quote,
          );
      return registry.createType("u64", price).toU8a();
    }
    default:
      throw rejected(`Exported method ${method} is not found`);
  }
}
