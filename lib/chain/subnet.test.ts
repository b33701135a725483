import { bnToU8a, u8aConcat } from "@polkadot/util";
import { decodeAddress } from "@polkadot/util-crypto";
import { describe, expect, it } from "vitest";
import { ChainLayoutError } from "./codec";
import {
  decodeAccount,
  decodeBoolVector,
  decodeFixedI128,
  decodeU16,
  decodeU16Vector,
  decodeU64,
  decodeU64Vector,
  decodeUid,
} from "./subnet";
import { finneyStorageValue, loadFinney } from "./test-support/finney";

const finney = loadFinney();
const ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
const le = (n: number | bigint, bits: number) => bnToU8a(n, { bitLength: bits });
const vec = (items: Uint8Array[]) => u8aConcat(new Uint8Array([items.length << 2]), ...items);

describe.skipIf(!finney)("SubtensorModule decoders on finney spec 424 layouts", () => {
  const value = (item: string, bytes: Uint8Array | null) =>
    finneyStorageValue(finney!, "SubtensorModule", item, bytes);

  it("decodes Keys and Owner to SS58 addresses with prefix 42", () => {
    expect(decodeAccount(value("Keys", decodeAddress(ALICE)))).toBe(ALICE);
    expect(decodeAccount(value("Owner", decodeAddress(ALICE)))).toBe(ALICE);
  });

  it("decodes Uids to a UID, or null for an unregistered hotkey", () => {
    expect(decodeUid(value("Uids", le(17, 16)))).toBe(17);
    expect(decodeUid(value("Uids", null))).toBeNull();
  });

  it("decodes the per-UID vectors", () => {
    expect(decodeU16Vector(value("Incentive", vec([le(65_535, 16), le(0, 16)])))).toEqual([65_535, 0]);
    expect(decodeU64Vector(value("Emission", vec([le(4_510_000_000n, 64), le(1, 64)])))).toEqual([
      4_510_000_000n,
      1n,
    ]);
    expect(
      decodeBoolVector(value("ValidatorPermit", vec([new Uint8Array([1]), new Uint8Array([0])]))),
    ).toEqual([true, false]);
    expect(decodeU16Vector(value("Dividends", null))).toEqual([]);
  });

  it("decodes pool amounts, stake and subnet parameters, with finney's defaults", () => {
    expect(decodeU64(value("SubnetTAO", le(9_500_000_000_000n, 64)))).toBe(9_500_000_000_000n);
    expect(decodeU64(value("TotalHotkeyAlpha", null))).toBe(0n);
    expect(decodeU16(value("Tempo", null))).toBe(360);
    expect(decodeU16(value("MaxAllowedUids", null))).toBe(256);
  });

  it("decodes SubnetMovingPrice from I96F32 bits", () => {
    const bits = (BigInt(95) << 32n) / 10_000n;
    expect(decodeFixedI128(value("SubnetMovingPrice", le(bits, 128)))).toBeCloseTo(0.0095, 9);
  });

  it("throws a layout error when an item has another type than the decoder expects", () => {
    expect(() => decodeBoolVector(value("Incentive", vec([le(1, 16)])))).toThrow(ChainLayoutError);
    expect(() => decodeAccount(value("Tempo", null))).toThrow(ChainLayoutError);
  });
});
