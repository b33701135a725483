// SubnetInfoRuntimeApi_get_selective_metagraph(netuid, indexes) -> Option<SelectiveMetagraph>: one runtime
// call instead of a storage read per item. Only the requested fields are Some; the rest stay undefined here.
import type { Codec } from "@polkadot/types/types";
import type { Struct } from "@polkadot/types";
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
import { decodeFixedI128 } from "./subnet";

// Positions of the fields we read in finney's SelectiveMetagraph (spec 424): the request names fields by index.
export const METAGRAPH_INDEX = {
  block: 7,
  tempo: 8,
  alphaIn: 12,
  alphaOut: 13,
  taoIn: 14,
  movingPrice: 21,
  numUids: 30,
  maxUids: 31,
  hotkeys: 52,
  coldkeys: 53,
  active: 56,
  validatorPermit: 57,
  lastUpdate: 59,
  emission: 60,
  dividends: 61,
  incentives: 62,
  blockAtRegistration: 66,
  alphaStake: 67,
  // alpha + TaoWeight × root TAO: get_stake_weights_for_network's total, the stake weight consensus uses.
  totalStake: 69,
} as const;

export interface SelectiveMetagraph {
  netuid: number;
  block?: number;
  tempo?: number;
  alphaIn?: bigint;
  alphaOut?: bigint;
  taoIn?: bigint;
  movingPrice?: number;
  numUids?: number;
  maxUids?: number;
  hotkeys?: string[];
  coldkeys?: string[];
  active?: boolean[];
  validatorPermit?: boolean[];
  lastUpdate?: bigint[];
  emission?: bigint[];
  dividends?: number[];
  incentives?: number[];
  blockAtRegistration?: number[];
  alphaStake?: bigint[];
  totalStake?: bigint[];
}

const WHERE = "SelectiveMetagraph";

function optional<T>(s: Struct, name: string, decode: (c: Codec, where: string) => T): T | undefined {
  const value = unwrapOption(field(s, name, WHERE));
  return value === null ? undefined : decode(value, `${WHERE}.${name}`);
}

function list<T>(decode: (c: Codec, where: string) => T) {
  return (c: Codec, where: string): T[] => asList(c, where).map((v, i) => decode(v, `${where}[${i}]`));
}

export function decodeSelectiveMetagraph(codec: Codec): SelectiveMetagraph | null {
  const value = unwrapOption(codec);
  if (value === null) return null;
  const names = Object.keys(METAGRAPH_INDEX);
  const s = asStruct(value, WHERE, ["netuid", ...names]);
  if (s.size < 74) throw new ChainLayoutError(WHERE, "finney's 74 fields", `${s.size} fields`);
  return {
    netuid: asNumber(field(s, "netuid", WHERE), `${WHERE}.netuid`),
    block: optional(s, "block", asNumber),
    tempo: optional(s, "tempo", asNumber),
    alphaIn: optional(s, "alphaIn", asBigInt),
    alphaOut: optional(s, "alphaOut", asBigInt),
    taoIn: optional(s, "taoIn", asBigInt),
    movingPrice: optional(s, "movingPrice", (c, w) => decodeFixedI128(c, w)),
    numUids: optional(s, "numUids", asNumber),
    maxUids: optional(s, "maxUids", asNumber),
    hotkeys: optional(s, "hotkeys", list(asAccount)),
    coldkeys: optional(s, "coldkeys", list(asAccount)),
    active: optional(s, "active", list(asBool)),
    validatorPermit: optional(s, "validatorPermit", list(asBool)),
    lastUpdate: optional(s, "lastUpdate", list(asBigInt)),
    emission: optional(s, "emission", list(asBigInt)),
    dividends: optional(s, "dividends", list(asNumber)),
    incentives: optional(s, "incentives", list(asNumber)),
    blockAtRegistration: optional(s, "blockAtRegistration", list(asNumber)),
    alphaStake: optional(s, "alphaStake", list(asBigInt)),
    totalStake: optional(s, "totalStake", list(asBigInt)),
  };
}
