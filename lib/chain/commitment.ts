// Commitments.CommitmentOf(netuid, hotkey) -> Registration { deposit, block, info: { fields: Vec<Data> } }.
// Same layout on finney spec 424 and the older spec-218 test runtime (which only lacks BigRaw).
import type { Codec } from "@polkadot/types/types";
import {
  ChainLayoutError,
  asBigInt,
  asBytes,
  asEnum,
  asList,
  asNumber,
  asStruct,
  field,
  unwrapOption,
} from "./codec";

export type HashAlgorithm = "BlakeTwo256" | "Sha256" | "Keccak256" | "ShaThree256";

export type CommitmentField =
  | { kind: "raw"; bytes: Uint8Array }
  | { kind: "timelocked"; encrypted: Uint8Array; revealRound: bigint }
  // Newer runtimes keep a ciphertext that could not be revealed under this variant.
  | { kind: "timelock-failed"; encrypted: Uint8Array; revealRound: bigint }
  | { kind: "hash"; algorithm: HashAlgorithm; digest: Uint8Array }
  | { kind: "none" }
  | { kind: "reset-bonds" };

export interface CommitmentRegistration {
  block: number;
  deposit: bigint;
  // The bytes of every Raw0..Raw128 / BigRaw field, in order: what a plain commitment's text is made of.
  fields: Uint8Array[];
  // Every field in order, including the ones that carry no plaintext.
  entries: CommitmentField[];
}

const HASHES: readonly string[] = ["BlakeTwo256", "Sha256", "Keccak256", "ShaThree256"];
const RAW = /^Raw(\d{1,3})$/;

function decodeTimelock(value: Codec, where: string): { encrypted: Uint8Array; revealRound: bigint } {
  const s = asStruct(value, where, ["encrypted", "revealRound"]);
  return {
    encrypted: asBytes(field(s, "encrypted", where), `${where}.encrypted`),
    revealRound: asBigInt(field(s, "revealRound", where), `${where}.revealRound`),
  };
}

export function decodeCommitmentField(codec: Codec, where = "Data"): CommitmentField {
  const { name, value } = asEnum(codec, where);
  const raw = RAW.exec(name);
  if (raw) {
    const bytes = asBytes(value, `${where}.${name}`);
    if (bytes.length !== Number(raw[1]))
      throw new ChainLayoutError(`${where}.${name}`, `${raw[1]} bytes`, value);
    return { kind: "raw", bytes };
  }
  if (name === "BigRaw") return { kind: "raw", bytes: asBytes(value, `${where}.BigRaw`) };
  if (name === "TimelockEncrypted")
    return { kind: "timelocked", ...decodeTimelock(value, `${where}.${name}`) };
  if (name === "TimelockRevealFailed")
    return { kind: "timelock-failed", ...decodeTimelock(value, `${where}.${name}`) };
  if (HASHES.includes(name)) {
    return { kind: "hash", algorithm: name as HashAlgorithm, digest: asBytes(value, `${where}.${name}`) };
  }
  if (name === "None") return { kind: "none" };
  if (name === "ResetBondsFlag") return { kind: "reset-bonds" };
  throw new ChainLayoutError(where, "a known pallet_commitments::Data variant", `variant ${name}`);
}

// Accepts the storage value as polkadot.js returns it (Option<Registration>) or the bare Registration.
export function decodeCommitmentRegistration(codec: Codec): CommitmentRegistration | null {
  const value = unwrapOption(codec);
  if (value === null) return null;
  const where = "Commitments.CommitmentOf";
  const reg = asStruct(value, where, ["deposit", "block", "info"]);
  const info = asStruct(field(reg, "info", where), `${where}.info`, ["fields"]);
  const entries = asList(field(info, "fields", `${where}.info`), `${where}.info.fields`).map((f, i) =>
    decodeCommitmentField(f, `${where}.info.fields[${i}]`),
  );
  return {
    block: asNumber(field(reg, "block", where), `${where}.block`),
    deposit: asBigInt(field(reg, "deposit", where), `${where}.deposit`),
    fields: entries.flatMap((e) => (e.kind === "raw" ? [e.bytes] : [])),
    entries,
  };
}
