// Commitments.RevealedCommitments(netuid, hotkey) -> Vec<(Bytes, u64)>: each timelocked commitment's
// decrypted plaintext with the block it was revealed in (absent on runtimes before commit-reveal).
import type { Codec } from "@polkadot/types/types";
import { compactFromU8aLim } from "@polkadot/util";
import { asBytes, asList, asNumber, asTuple, unwrapOption } from "./codec";

export interface RevealedCommitment {
  // The plaintext as stored.
  bytes: Uint8Array;
  // The committed text: the plaintext without its SCALE compact length prefix (the SDK encrypts a SCALE
  // string). When the prefix is missing or disagrees with the length, this is the plaintext unchanged.
  text: Uint8Array;
  lengthPrefixed: boolean;
  revealBlock: number;
}

// Miners control the plaintext, so a malformed prefix is data to show, not a layout error.
export function stripCompactLength(bytes: Uint8Array): { text: Uint8Array; lengthPrefixed: boolean } {
  if (bytes.length === 0) return { text: bytes, lengthPrefixed: false };
  try {
    const [offset, length] = compactFromU8aLim(bytes);
    if (offset + length === bytes.length) return { text: bytes.subarray(offset), lengthPrefixed: true };
  } catch {
    // A prefix that cannot even be read is the unprefixed case below.
  }
  return { text: bytes, lengthPrefixed: false };
}

export function decodeRevealedCommitments(codec: Codec): RevealedCommitment[] {
  const value = unwrapOption(codec);
  if (value === null) return [];
  const where = "Commitments.RevealedCommitments";
  return asList(value, where).map((entry, i) => {
    const [data, block] = asTuple(entry, `${where}[${i}]`, 2) as [Codec, Codec];
    const bytes = asBytes(data, `${where}[${i}].0`);
    return { bytes, ...stripCompactLength(bytes), revealBlock: asNumber(block, `${where}[${i}].1`) };
  });
}
