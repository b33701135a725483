// Assembles the devnet's runtime metadata (V15, so runtime APIs are described and polkadot.js decorates
// `api.call.*` from it) and a type registry that encodes storage values with it.
import { Metadata, TypeRegistry } from "@polkadot/types";
import type { ChainProperties } from "@polkadot/types/interfaces";
import { u8aConcat, u8aToHex } from "@polkadot/util";
import { defineMetagraphType } from "./metagraph-type";
import { declarePallets, type PalletDecl, type StorageItemDecl } from "./pallets";
import { defineRuntimeTypes, type RuntimeTypes } from "./runtime-types";
import { TypeTable } from "./type-table";

// "meta" in little endian, then the metadata version.
const METADATA_PREFIX = new Uint8Array([0x6d, 0x65, 0x74, 0x61, 15]);

export interface DevnetMetadata {
  registry: TypeRegistry;
  metadata: Metadata;
  bytes: Uint8Array;
  types: RuntimeTypes;
  pallets: PalletDecl[];
}

function declareApis(t: TypeTable, r: RuntimeTypes, metagraph: number) {
  const method = (name: string, inputs: [string, number][], output: number) => ({
    name,
    inputs: inputs.map(([n, type]) => ({ name: n, type })),
    output,
    docs: [],
  });
  return [
    { name: "Core", methods: [method("version", [], r.runtimeVersion)], docs: [] },
    {
      name: "Metadata",
      methods: [
        method("metadata", [], r.opaqueMetadata),
        method("metadata_at_version", [["version", r.u32]], t.option(r.opaqueMetadata)),
        method("metadata_versions", [], t.sequence(r.u32)),
      ],
      docs: [],
    },
    {
      name: "SubnetInfoRuntimeApi",
      methods: [
        method(
          "get_selective_metagraph",
          [
            ["netuid", r.u16],
            ["metagraph_indexes", t.sequence(r.u16)],
          ],
          metagraph,
        ),
        method("get_next_epoch_start_block", [["netuid", r.u16]], t.option(r.u64)),
      ],
      docs: [],
    },
    {
      name: "SwapRuntimeApi",
      methods: [method("current_alpha_price", [["netuid", r.u16]], r.u64)],
      docs: [],
    },
  ];
}

function declareExtrinsic(t: TypeTable, r: RuntimeTypes) {
  const address = t.variant(
    ["sp_runtime", "multiaddress", "MultiAddress"],
    [
      { name: "Id", index: 0, fields: [{ type: r.accountId, typeName: "AccountId" }] },
      { name: "Index", index: 1, fields: [{ type: t.compact(r.unit), typeName: "AccountIndex" }] },
      { name: "Raw", index: 2, fields: [{ type: r.bytes, typeName: "Vec<u8>" }] },
      { name: "Address32", index: 3, fields: [{ type: r.a32, typeName: "[u8; 32]" }] },
      { name: "Address20", index: 4, fields: [{ type: t.array(20, r.u8), typeName: "[u8; 20]" }] },
    ],
    [
      { name: "AccountId", type: r.accountId },
      { name: "AccountIndex", type: r.unit },
    ],
  );
  const signature = t.variant(
    ["sp_runtime", "MultiSignature"],
    [
      { name: "Ed25519", index: 0, fields: [{ type: t.array(64, r.u8) }] },
      { name: "Sr25519", index: 1, fields: [{ type: t.array(64, r.u8) }] },
      { name: "Ecdsa", index: 2, fields: [{ type: t.array(65, r.u8) }] },
    ],
  );
  // The devnet takes no transactions: its blocks carry no extrinsics, so the call and error enums are empty.
  const call = t.variant(["node_subtensor_runtime", "RuntimeCall"], []);
  const error = t.variant(["node_subtensor_runtime", "RuntimeError"], []);
  const runtime = t.composite(["node_subtensor_runtime", "Runtime"], []);
  // polkadot.js reads the Address/Call/Signature aliases from this type's params; without it, it warns.
  t.composite(
    ["sp_runtime", "generic", "unchecked_extrinsic", "UncheckedExtrinsic"],
    [{ type: r.bytes }],
    [
      { name: "Address", type: address },
      { name: "Call", type: call },
      { name: "Signature", type: signature },
      { name: "Extra", type: r.unit },
    ],
  );
  return { address, signature, call, error, runtime };
}

function storageEntry(item: StorageItemDecl, t: TypeTable) {
  const keys = item.keys ?? [];
  const [only] = keys;
  const type =
    keys.length === 0
      ? { Plain: item.value }
      : {
          Map: {
            hashers: keys.map((k) => k.hasher),
            key: keys.length === 1 && only ? only.type : t.tuple(keys.map((k) => k.type)),
            value: item.value,
          },
        };
  return { name: item.name, modifier: item.optional ? "Optional" : "Default", type, docs: [] };
}

// Items and APIs a runtime before stateful epoch scheduling and the Swap balancer lacks (the devnet's "legacy"
// runtime, which a runtime upgrade replaces with spec 424's metadata).
const STATEFUL_ITEMS = new Set(["LastEpochBlock", "PendingEpochAt", "SubnetEpochIndex"]);
const BALANCER_PALLETS = new Set(["Swap"]);
const BALANCER_APIS = new Set(["SwapRuntimeApi"]);

/** finney spec 424's layout; `legacy` drops stateful epoch scheduling and the Swap balancer. */
export function buildDevnetMetadata(options: { legacy?: boolean } = {}): DevnetMetadata {
  const t = new TypeTable();
  const types = defineRuntimeTypes(t);
  const metagraph = defineMetagraphType(t, types);
  const full = declarePallets(t, types);
  const pallets = options.legacy
    ? full
        .filter((p) => !BALANCER_PALLETS.has(p.name))
        .map((p) => ({ ...p, storage: p.storage.filter((i) => !STATEFUL_ITEMS.has(i.name)) }))
    : full;
  const apis = declareApis(t, types, metagraph).filter((a) => !options.legacy || !BALANCER_APIS.has(a.name));
  const ext = declareExtrinsic(t, types);
  // Map keys of several parts need their tuple types registered before the table is frozen.
  const entryTypes = pallets.map((p) => p.storage.map((item) => storageEntry(item, t)));

  const scratch = new TypeRegistry();
  scratch.setLookup(scratch.createType("PortableRegistry", t.toJSON()));
  // Hex, not a Uint8Array: polkadot.js reads a bare Uint8Array given for `Bytes` as length-prefixed.
  const fallbackOf = (item: StorageItemDecl): string => {
    if (item.optional) return "0x00";
    return (
      item.fallback ?? u8aToHex(scratch.createTypeUnsafe(scratch.createLookupType(item.value), []).toU8a())
    );
  };
  const v15 = scratch.createType("MetadataV15", {
    lookup: t.toJSON(),
    pallets: pallets.map((p, i) => ({
      name: p.name,
      storage: {
        prefix: p.name,
        items: p.storage.map((item, j) => ({ ...entryTypes[i]?.[j], fallback: fallbackOf(item) })),
      },
      calls: null,
      events: p.events === undefined ? null : { type: p.events },
      constants: (p.constants ?? []).map((c) => ({ ...c, docs: [] })),
      errors: null,
      index: p.index,
      docs: [],
    })),
    extrinsic: {
      version: 4,
      addressType: ext.address,
      callType: ext.call,
      signatureType: ext.signature,
      extraType: types.unit,
      signedExtensions: [],
    },
    type: ext.runtime,
    apis,
    outerEnums: { callType: ext.call, eventType: types.runtimeEvent, errorType: ext.error },
    custom: { map: new Map() },
  });

  const bytes = u8aConcat(METADATA_PREFIX, v15.toU8a());
  const registry = new TypeRegistry();
  const metadata = new Metadata(registry, bytes);
  registry.setMetadata(metadata);
  registry.setChainProperties(
    registry.createTypeUnsafe<ChainProperties>("ChainProperties", [
      { ss58Format: 42, tokenDecimals: [9], tokenSymbol: ["TAO"] },
    ]),
  );
  return { registry, metadata, bytes, types, pallets };
}
