import { checkAddress } from "@polkadot/util-crypto";

// What one search box can be given, read the way people write it in this ecosystem:
//   5Grwva…utQY (an SS58 hotkey)   → that miner's page
//   #42, submission 42, s42, 42     → submission 42
//   uid 6, UID:6                    → the miner at UID 6
//   block 4200000, 4200000          → that block (a bare number this large cannot be a submission)
//   anything else (an image name)   → the leaderboard filtered by it
export type SearchTarget =
  | { readonly kind: "empty" }
  | { readonly kind: "miner"; readonly hotkey: string }
  | { readonly kind: "submission"; readonly id: number }
  | { readonly kind: "uid"; readonly uid: number }
  | { readonly kind: "block"; readonly block: number }
  | { readonly kind: "text"; readonly q: string };

/** A bare number from here up is a block: no subnet has ever had this many submissions, every chain more blocks. */
export const BARE_BLOCK_FROM = 100_000;
/** UIDs are u16 on the chain. */
const UID_MAX = 65_535;
const MAX_QUERY = 200;

const NUMBER = "([0-9][0-9_,]{0,15})";
const SUBMISSION = new RegExp(`^(?:#|s(?:ubmission)?\\s*#?\\s*)${NUMBER}$`, "i");
const UID = new RegExp(`^uid\\s*[:#]?\\s*${NUMBER}$`, "i");
const BLOCK = new RegExp(`^(?:b(?:lock)?\\s*#?\\s*)${NUMBER}$`, "i");
const BARE = new RegExp(`^${NUMBER}$`);

const toNumber = (digits: string) => Number(digits.replace(/[_,]/g, ""));

function isSs58(text: string, prefix: number): boolean {
  try {
    return checkAddress(text, prefix)[0];
  } catch {
    return false;
  }
}

/** Where the search box's text points; pure, so every reading is tested without a server. */
export function resolveSearch(input: string, ss58Prefix: number): SearchTarget {
  const text = input.trim().slice(0, MAX_QUERY);
  if (text === "") return { kind: "empty" };
  if (isSs58(text, ss58Prefix)) return { kind: "miner", hotkey: text };
  const submission = SUBMISSION.exec(text)?.[1];
  if (submission !== undefined && toNumber(submission) >= 1)
    return { kind: "submission", id: toNumber(submission) };
  const uid = UID.exec(text)?.[1];
  if (uid !== undefined && toNumber(uid) <= UID_MAX) return { kind: "uid", uid: toNumber(uid) };
  const block = BLOCK.exec(text)?.[1];
  if (block !== undefined) return { kind: "block", block: toNumber(block) };
  const bare = BARE.exec(text)?.[1];
  if (bare !== undefined) {
    const n = toNumber(bare);
    if (n >= BARE_BLOCK_FROM) return { kind: "block", block: n };
    if (n >= 1) return { kind: "submission", id: n };
  }
  return { kind: "text", q: text };
}
