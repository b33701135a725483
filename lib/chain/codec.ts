// Guards that turn @polkadot/types codecs into plain values, throwing ChainLayoutError when a value does not
// have the shape a decoder was written for. A runtime upgrade that changes a layout must stop ingestion
// loudly at the first block it affects, never decode into plausible garbage.
import {
  BTreeSet,
  Bytes,
  Compact,
  Enum,
  Int,
  Option,
  Raw,
  Struct,
  Tuple,
  UInt,
  Vec,
  VecFixed,
  bool,
} from "@polkadot/types";
import type { Codec } from "@polkadot/types/types";
import { encodeAddress } from "@polkadot/util-crypto";
import { boundedMemo } from "@/lib/memo";

export const SS58_PREFIX = 42;

export class ChainLayoutError extends Error {
  constructor(where: string, expected: string, got: unknown) {
    super(`unknown chain layout at ${where}: expected ${expected}, got ${describeValue(got)}`);
    this.name = "ChainLayoutError";
  }
}

function describeValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && "toRawType" in value && typeof value.toRawType === "function") {
    return String(value.toRawType());
  }
  return typeof value;
}

// An OptionQuery storage value: null when absent. Non-Option codecs pass through unchanged.
export function unwrapOption(codec: Codec): Codec | null {
  if (codec instanceof Option) return codec.isSome ? (codec.unwrap() as Codec) : null;
  return codec;
}

export function asStruct(codec: Codec, where: string, fields: readonly string[]): Struct {
  if (!(codec instanceof Struct)) throw new ChainLayoutError(where, `a struct {${fields.join(", ")}}`, codec);
  for (const field of fields) {
    if (!codec.has(field)) throw new ChainLayoutError(where, `a struct with field ${field}`, codec);
  }
  return codec;
}

export function field(struct: Struct, name: string, where: string): Codec {
  const value = struct.get(name);
  if (!value) throw new ChainLayoutError(`${where}.${name}`, "a field", undefined);
  return value;
}

export function asList(codec: Codec, where: string): Codec[] {
  if (codec instanceof Vec || codec instanceof VecFixed) return [...codec] as Codec[];
  if (codec instanceof BTreeSet) return [...codec.values()] as Codec[];
  throw new ChainLayoutError(where, "a sequence", codec);
}

export function asTuple(codec: Codec, where: string, length: number): Codec[] {
  if (!(codec instanceof Tuple) || codec.length !== length) {
    throw new ChainLayoutError(where, `a tuple of ${length}`, codec);
  }
  return [...codec] as Codec[];
}

export function asBigInt(codec: Codec, where: string): bigint {
  const inner = codec instanceof Compact ? (codec.unwrap() as Codec) : codec;
  if (inner instanceof UInt || inner instanceof Int) return inner.toBigInt();
  throw new ChainLayoutError(where, "an integer", codec);
}

export function asNumber(codec: Codec, where: string): number {
  const value = asBigInt(codec, where);
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new ChainLayoutError(where, "a safe integer", codec);
  }
  return Number(value);
}

export function asBool(codec: Codec, where: string): boolean {
  if (codec instanceof bool) return codec.isTrue;
  throw new ChainLayoutError(where, "a bool", codec);
}

// Vec<u8>, BoundedVec<u8> and [u8; N] all decode to byte codecs; anything else is not bytes.
export function asBytes(codec: Codec, where: string): Uint8Array {
  if (codec instanceof Bytes) return codec.toU8a(true);
  if (codec instanceof Raw) return codec.toU8a();
  if (codec instanceof VecFixed || codec instanceof Vec) {
    return Uint8Array.from(asList(codec, where), (b) => asNumber(b, `${where}[]`));
  }
  throw new ChainLayoutError(where, "bytes", codec);
}

export function asEnum(codec: Codec, where: string): { name: string; value: Codec } {
  if (!(codec instanceof Enum)) throw new ChainLayoutError(where, "an enum", codec);
  return { name: codec.type, value: codec.value };
}

// AccountId32 decodes to a 32-byte codec; we always render it as SS58 with Bittensor's prefix.
export function asAccount(codec: Codec, where: string): string {
  if (!(codec instanceof Raw) || codec.length !== 32)
    throw new ChainLayoutError(where, "a 32-byte account id", codec);
  // Memoised: SS58 hashes the key (blake2b) every time, and a backfill reads the same few hundred hot- and
  // coldkeys at every snapshot (bench/README.md, Profiling).
  const bytes = codec.toU8a();
  return ss58Of(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1"));
}

const ss58Of = boundedMemo((latin1: string) => encodeAddress(Buffer.from(latin1, "latin1"), SS58_PREFIX));
