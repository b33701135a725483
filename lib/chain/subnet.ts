// Decoders for SubtensorModule storage values, one per item the explorer reads. Each takes the codec that
// `api.query.subtensorModule.<item>(...)` returns.
import type { Codec } from "@polkadot/types/types";
import {
  ChainLayoutError,
  asAccount,
  asBigInt,
  asBool,
  asList,
  asNumber,
  asStruct,
  field,
  unwrapOption,
} from "./codec";

// Keys(netuid, uid) -> hotkey; Owner(hotkey) -> coldkey; SubnetOwner(netuid) -> coldkey.
export function decodeAccount(codec: Codec, where = "AccountId"): string {
  return asAccount(codec, where);
}

// Uids(netuid, hotkey) -> Option<u16>: null when the hotkey is not registered.
export function decodeUid(codec: Codec): number | null {
  const value = unwrapOption(codec);
  return value === null ? null : asNumber(value, "SubtensorModule.Uids");
}

// Tempo, SubnetworkN, MaxAllowedUids, ImmunityPeriod: u16.
export function decodeU16(codec: Codec, where = "u16"): number {
  return asNumber(codec, where);
}

// SubnetTAO, SubnetAlphaIn, SubnetAlphaOut, TotalHotkeyAlpha, BlockAtRegistration...: u64 amounts in RAO.
export function decodeU64(codec: Codec, where = "u64"): bigint {
  return asBigInt(codec, where);
}

// Incentive, Dividends, Consensus: Vec<u16>, one normalised share (of 65535) per UID.
export function decodeU16Vector(codec: Codec, where = "Vec<u16>"): number[] {
  return asList(codec, where).map((v, i) => asNumber(v, `${where}[${i}]`));
}

// Emission (alpha RAO per UID for the last epoch), LastUpdate: Vec<u64>.
export function decodeU64Vector(codec: Codec, where = "Vec<u64>"): bigint[] {
  return asList(codec, where).map((v, i) => asBigInt(v, `${where}[${i}]`));
}

// ValidatorPermit, Active: Vec<bool>.
export function decodeBoolVector(codec: Codec, where = "Vec<bool>"): boolean[] {
  return asList(codec, where).map((v, i) => asBool(v, `${where}[${i}]`));
}

// SubnetMovingPrice is an I96F32 (substrate_fixed::FixedI128 with 32 fractional bits), stored as raw bits.
export function decodeFixedI128(codec: Codec, where = "FixedI128", fractionalBits = 32): number {
  const bits = asBigInt(field(asStruct(codec, where, ["bits"]), "bits", where), `${where}.bits`);
  const scale = 2n ** BigInt(fractionalBits);
  const whole = bits / scale;
  if (whole > BigInt(Number.MAX_SAFE_INTEGER) || whole < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new ChainLayoutError(where, "a price within float range", codec);
  }
  return Number(whole) + Number(bits % scale) / Number(scale);
}
