// One runtime version's view of the chain: its type registry, storage entries and runtime APIs. Every block
// is read through the view of the runtime that produced it, so an upgrade mid-run changes layouts at the
// right block, and an item a runtime does not have (RevealedCommitments before commit-reveal) is `null`
// rather than a crash.
import type { ApiPromise } from "@polkadot/api";
import { expandMetadata, StorageKey, unwrapStorageType, type Metadata } from "@polkadot/types";
import type { StorageEntry } from "@polkadot/types/primitive/types";
import type { Codec, Registry } from "@polkadot/types/types";
import { compactStripLength, hexToU8a, u8aToHex } from "@polkadot/util";

export interface RuntimeView {
  specName: string;
  specVersion: number;
  registry: Registry;
  /** A storage entry of this runtime, or null when the runtime has no such pallet or item. */
  entry(section: string, method: string): StorageEntry | null;
  /** The output type of a runtime API method (SCALE lookup name), or null when the runtime lacks it. */
  callOutputType(api: string, method: string): string | null;
  /** The hex storage key of an entry for the given map keys (memoised: hashing them is a backfill's hot path). */
  key(entry: StorageEntry, ...args: (string | number)[]): string;
}

// Bounds the key memo: a subnet has a few hundred hotkeys, so this is only reached by a very long run.
const MAX_CACHED_KEYS = 100_000;

export function createRuntimeView(
  specName: string,
  specVersion: number,
  registry: Registry,
  metadata: Metadata,
): RuntimeView {
  const decorated = expandMetadata(registry, metadata);
  // Metadata before V15 lists no runtime APIs: such a runtime is treated as having none we can call.
  const apis = metadata.asLatest.apis;
  const keys = new Map<string, string>();
  return {
    specName,
    specVersion,
    registry,
    entry: (section, method) => decorated.query[section]?.[method] ?? null,
    callOutputType: (apiName, method) => {
      const def = apis.find((a) => a.name.eq(apiName))?.methods.find((m) => m.name.eq(method));
      return def ? registry.createLookupType(def.output) : null;
    },
    key: (entry, ...args) => {
      const id = `${entry.section}.${entry.method}/${args.join("/")}`;
      let key = keys.get(id);
      if (key === undefined) {
        if (keys.size >= MAX_CACHED_KEYS) keys.clear();
        key = storageKey(entry, ...args);
        keys.set(id, key);
      }
      return key;
    },
  };
}

/** The hex storage key of an entry for the given map keys (none for a plain item, an array for an n-map). */
export function storageKey(entry: StorageEntry, ...args: unknown[]): string {
  return u8aToHex(compactStripLength(entry(...args))[1]);
}

/** The key prefix shared by every entry of a map under the given leading keys. */
export function storagePrefix(entry: StorageEntry, ...args: unknown[]): string {
  return u8aToHex(entry.keyPrefix(...args));
}

/** The map keys a full storage key was built from, decoded with the entry's hashers. */
export function storageKeyArgs(registry: Registry, entry: StorageEntry, key: string): Codec[] {
  const decoded = new StorageKey(registry, key);
  decoded.setMeta(entry.meta, entry.section, entry.method);
  return [...decoded.args];
}

/**
 * Decodes a storage value as `api.query` would: Option<T> for an OptionQuery item (None when absent), T for a
 * ValueQuery item (the declared default when absent).
 */
export function decodeStorage(view: RuntimeView, entry: StorageEntry, hex: string | null): Codec {
  const { meta } = entry;
  const isOptional = meta.modifier.isOptional;
  const type = unwrapStorageType(view.registry, meta.type, isOptional);
  if (hex === null) {
    return view.registry.createTypeUnsafe(type, isOptional ? [] : [hexToU8a(meta.fallback.toHex())]);
  }
  const inner = isOptional ? type.slice("Option<".length, -1) : type;
  const value = view.registry.createTypeUnsafe(inner, [hexToU8a(hex)], { isPedantic: true });
  return isOptional ? view.registry.createTypeUnsafe(type, [value]) : value;
}

/** A cache of runtime views by spec, built once per spec from the node's metadata at a block of that spec. */
export class RuntimeViews {
  private readonly views = new Map<string, Promise<RuntimeView>>();

  constructor(private readonly api: ApiPromise) {}

  /** The view for `version`, reading the metadata at `blockHash` (a block executed by that runtime). */
  get(version: { specName: string; specVersion: number }, blockHash: string): Promise<RuntimeView> {
    const id = `${version.specName}/${version.specVersion}`;
    let view = this.views.get(id);
    if (!view) {
      view = this.api
        .getBlockRegistry(hexToU8a(blockHash))
        .then(({ registry, metadata }) =>
          createRuntimeView(version.specName, version.specVersion, registry, metadata),
        );
      // A failed fetch must not stay cached: the next block asks again.
      view.catch(() => this.views.delete(id));
      this.views.set(id, view);
    }
    return view;
  }
}
