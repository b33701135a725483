// Storage keys and values from the devnet's own metadata: the key is twox128(pallet) ++ twox128(item) ++ each
// key part hashed with the item's declared hasher, the value is SCALE-encoded with the item's declared type.
// Because both come from the metadata, they match what polkadot.js computes when it queries the devnet.
import type { Metadata, TypeRegistry } from "@polkadot/types";
import type { Codec } from "@polkadot/types/types";
import { hexToU8a, u8aConcat, u8aToHex } from "@polkadot/util";
import { blake2AsU8a, xxhashAsU8a } from "@polkadot/util-crypto";

interface ItemSchema {
  prefix: Uint8Array;
  hashers: string[];
  keyTypes: string[];
  valueType: string;
  optional: boolean;
  fallback: string;
}

function hash(hasher: string, data: Uint8Array): Uint8Array {
  switch (hasher) {
    case "Identity":
      return data;
    case "Twox64Concat":
      return u8aConcat(xxhashAsU8a(data, 64), data);
    case "Blake2_128Concat":
      return u8aConcat(blake2AsU8a(data, 128), data);
    default:
      throw new Error(`devnet storage: hasher ${hasher} is not implemented`);
  }
}

export class StorageSchema {
  readonly #items = new Map<string, ItemSchema>();

  constructor(
    readonly registry: TypeRegistry,
    metadata: Metadata,
  ) {
    const { lookup, pallets } = metadata.asLatest;
    for (const pallet of pallets) {
      if (pallet.storage.isNone) continue;
      const storage = pallet.storage.unwrap();
      const palletHash = xxhashAsU8a(storage.prefix.toString(), 128);
      for (const item of storage.items) {
        const t = item.type;
        const map = t.isMap ? t.asMap : null;
        const keyIds = !map
          ? []
          : map.hashers.length === 1
            ? [map.key.toNumber()]
            : lookup.getSiType(map.key).def.asTuple.map((k) => k.toNumber());
        this.#items.set(`${pallet.name.toString()}.${item.name.toString()}`, {
          prefix: u8aConcat(palletHash, xxhashAsU8a(item.name.toString(), 128)),
          hashers: map ? map.hashers.map((h) => h.type) : [],
          keyTypes: keyIds.map((id) => registry.createLookupType(id)),
          valueType: registry.createLookupType(map ? map.value : t.asPlain),
          optional: item.modifier.isOptional,
          fallback: item.fallback.toHex(),
        });
      }
    }
  }

  #item(pallet: string, item: string): ItemSchema {
    const found = this.#items.get(`${pallet}.${item}`);
    if (!found) throw new Error(`devnet storage: ${pallet}.${item} is not declared in the devnet metadata`);
    return found;
  }

  // With fewer key parts than the item has, this is the prefix that iterates the remaining ones.
  key(pallet: string, item: string, args: readonly unknown[] = []): string {
    const s = this.#item(pallet, item);
    if (args.length > s.hashers.length)
      throw new Error(`devnet storage: too many keys for ${pallet}.${item}`);
    const parts = args.map((arg, i) =>
      hash(s.hashers[i] ?? "", this.registry.createTypeUnsafe(s.keyTypes[i] ?? "", [arg]).toU8a()),
    );
    return u8aToHex(u8aConcat(s.prefix, ...parts));
  }

  // Byte contents inside `value` must be hex strings: polkadot.js reads a Uint8Array given for Bytes as
  // already length-prefixed.
  encode(pallet: string, item: string, value: unknown): string {
    // toU8a, not toHex: an integer codec's toHex is its big-endian number, not its SCALE bytes.
    return u8aToHex(this.registry.createTypeUnsafe(this.#item(pallet, item).valueType, [value]).toU8a());
  }

  // The value as polkadot.js would show it, but without the Option wrapper: an absent OptionQuery value is
  // null, an absent ValueQuery value is the declared default.
  decode(pallet: string, item: string, hex: string | null): Codec | null {
    const s = this.#item(pallet, item);
    if (hex === null && s.optional) return null;
    // A Uint8Array is decoded as SCALE for every type; a hex string would be taken as raw content by Bytes.
    return this.registry.createTypeUnsafe(s.valueType, [hexToU8a(hex ?? s.fallback)]);
  }
}
