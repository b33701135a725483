import { TypeRegistry } from "@polkadot/types";
import { bnToU8a, compactAddLength, stringToU8a, u8aConcat, u8aToString } from "@polkadot/util";
import { describe, expect, it } from "vitest";
import { ChainLayoutError } from "./codec";
import { decodeCommitmentField, decodeCommitmentRegistration } from "./commitment";
import { finneyStorageValue, loadFinney } from "./test-support/finney";

const finney = loadFinney();
const u64 = (n: number) => bnToU8a(n, { bitLength: 64 });
const u32 = (n: number) => bnToU8a(n, { bitLength: 32 });
const JSON_TEXT = stringToU8a(
  JSON.stringify({ image: "docker.io/alice/fast-qwen:v3", digest: `sha256:${"ab".repeat(32)}` }),
);

// Registration { deposit: u64, block: u32, info: { fields: Vec<Data> } }, Data's variant index first.
function registration(block: number, fields: Uint8Array[]): Uint8Array {
  return u8aConcat(u64(0), u32(block), new Uint8Array([fields.length << 2]), ...fields);
}
const raw = (bytes: Uint8Array) => u8aConcat([bytes.length + 1], bytes);

describe.skipIf(!finney)("decodeCommitmentRegistration on finney spec 424 layouts", () => {
  const decode = (bytes: Uint8Array | null) =>
    decodeCommitmentRegistration(finneyStorageValue(finney!, "Commitments", "CommitmentOf", bytes));

  it("decodes a plain Raw commitment with its block", () => {
    expect(JSON_TEXT.length).toBeLessThanOrEqual(128);
    const reg = decode(registration(4_123_456, [raw(JSON_TEXT)]));
    expect(reg?.block).toBe(4_123_456);
    expect(reg?.deposit).toBe(0n);
    expect(reg?.fields.map((f) => u8aToString(f))).toEqual([u8aToString(JSON_TEXT)]);
  });

  it("decodes a BigRaw field longer than 128 bytes", () => {
    const long = stringToU8a("x".repeat(300));
    const reg = decode(registration(7, [u8aConcat([136], compactAddLength(long))]));
    expect(reg?.fields).toEqual([long]);
  });

  it("keeps every field in order, raw bytes and the rest", () => {
    const digest = new Uint8Array(32).fill(7);
    const timelock = u8aConcat([134], compactAddLength(new Uint8Array([1, 2, 3])), u64(9_000_000));
    const reg = decode(
      registration(7, [u8aConcat([131], digest), raw(stringToU8a("abc")), timelock, new Uint8Array([0])]),
    );
    expect(reg?.entries).toEqual([
      { kind: "hash", algorithm: "Sha256", digest },
      { kind: "raw", bytes: stringToU8a("abc") },
      { kind: "timelocked", encrypted: new Uint8Array([1, 2, 3]), revealRound: 9_000_000n },
      { kind: "none" },
    ]);
    expect(reg?.fields).toEqual([stringToU8a("abc")]);
  });

  it("decodes Raw0 as an empty text", () => {
    expect(decode(registration(1, [new Uint8Array([1])]))?.fields).toEqual([new Uint8Array()]);
  });

  it("returns null when the hotkey has no commitment", () => {
    expect(decode(null)).toBeNull();
  });

  it("throws a layout error for a value that is not a Registration", () => {
    expect(() => decodeCommitmentRegistration(finney!.registry.createType("u32", 5))).toThrow(
      ChainLayoutError,
    );
  });
});

describe("decodeCommitmentField", () => {
  it("throws a layout error for a Data variant it does not know", () => {
    const registry = new TypeRegistry();
    registry.register({ FutureData: { _enum: { None: "Null", Hologram: "Vec<u8>" } } });
    const field = registry.createType("FutureData", { Hologram: "0x01" });
    expect(() => decodeCommitmentField(field)).toThrow(/Hologram/);
  });
});
