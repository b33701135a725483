// Test support: a type registry built from real finney metadata, read from the shared fixtures folder
// (never copied into the project). Tests that need it skip when the file is absent, except on CI, where a
// missing fixture must fail loudly rather than silently skip the layout checks (fixtures.ts).
import { readFileSync } from "node:fs";
import { Metadata, TypeRegistry } from "@polkadot/types";
import type { Codec } from "@polkadot/types/types";
import { u8aConcat } from "@polkadot/util";
import { fixtureFile } from "./fixtures";

export { fixturesDir } from "./fixtures";

export interface FinneyFixture {
  registry: TypeRegistry;
  metadata: Metadata;
}

let cached: FinneyFixture | null | undefined;

// Returns null when the fixture is missing (throws instead on CI), so a suite can `describe.skipIf`.
export function loadFinney(): FinneyFixture | null {
  if (cached !== undefined) return cached;
  const file = fixtureFile("finneyMetadata", "the finney spec-424 layout tests");
  if (file === null) {
    cached = null;
    return cached;
  }
  const registry = new TypeRegistry();
  const metadata = new Metadata(registry, new Uint8Array(readFileSync(file)));
  // The real runtime lists signed extensions polkadot.js has no types for; they do not matter for reading.
  registry.setMetadata(metadata, undefined, undefined, true);
  cached = { registry, metadata };
  return cached;
}

/** The fixture, inside a test of a suite skipped without it. */
export function requireFinney(): FinneyFixture {
  const f = loadFinney();
  if (!f) throw new Error("the finney metadata fixture is missing: this suite should have been skipped");
  return f;
}

function storageEntry(f: FinneyFixture, pallet: string, item: string) {
  const entry = f.metadata.asLatest.pallets
    .find((p) => p.name.eq(pallet))
    ?.storage.unwrapOr(null)
    ?.items.find((i) => i.name.eq(item));
  if (!entry) throw new Error(`finney has no storage item ${pallet}.${item}`);
  return entry;
}

// A storage value as `api.query.<pallet>.<item>()` returns it on finney: Option<T> for OptionQuery items
// (null bytes = None), T for ValueQuery items (null bytes = the declared default).
export function finneyStorageValue(
  f: FinneyFixture,
  pallet: string,
  item: string,
  bytes: Uint8Array | null,
): Codec {
  const entry = storageEntry(f, pallet, item);
  const type = f.registry.createLookupType(entry.type.isMap ? entry.type.asMap.value : entry.type.asPlain);
  if (entry.modifier.isOptional) {
    return f.registry.createTypeUnsafe(`Option<${type}>`, [bytes === null ? null : u8aConcat([1], bytes)]);
  }
  return f.registry.createTypeUnsafe(type, [bytes ?? entry.fallback.toU8a(true)]);
}

// The type (as a lookup name) of a runtime API call's answer on finney.
export function finneyCallType(f: FinneyFixture, api: string, method: string): string {
  const def = f.metadata.asLatest.apis.find((a) => a.name.eq(api))?.methods.find((m) => m.name.eq(method));
  if (!def) throw new Error(`finney has no runtime API ${api}.${method}`);
  return f.registry.createLookupType(def.output);
}

// The decoded answer of a runtime API call on finney.
export function finneyCallOutput(f: FinneyFixture, api: string, method: string, bytes: Uint8Array): Codec {
  return f.registry.createTypeUnsafe(finneyCallType(f, api, method), [bytes]);
}
