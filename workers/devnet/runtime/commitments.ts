// The Commitments pallet as finney runs it: plain commitments stored as Raw/BigRaw fields, timelocked ones
// stored encrypted and revealed in on_initialize once the drand round they target has passed.
import { compactAddLength, stringToU8a, u8aConcat, u8aToHex } from "@polkadot/util";
import { decodeCommitmentRegistration, type CommitmentField } from "@/lib/chain/commitment";
import { decodeRevealedCommitments } from "@/lib/chain/revealed-commitments";
import { asAccount, asList, asNumber, asTuple } from "@/lib/chain/codec";
import type { Codec } from "@polkadot/types/types";
import { rejected } from "../errors";
import type { Deposit } from "./events";
import type { State } from "./state";

const C = "Commitments";
const MAX_FIELDS = 3;
const MAX_RAW = 128;
// pallet_commitments keeps the last 10 reveals per account.
const MAX_REVEALS = 10;
// drand quicknet, whose rounds finney's timelock commitments target.
const DRAND_GENESIS_S = 1_692_803_367;
const DRAND_PERIOD_S = 3;
// Not real timelock encryption: the devnet only has to reveal what it sealed itself.
const SEAL_MAGIC = stringToU8a("devnet-tlock:");
const SEAL_MASK = 0xa5;

export function drandRoundAt(timestampMs: number): number {
  return Math.max(0, Math.floor((timestampMs / 1000 - DRAND_GENESIS_S) / DRAND_PERIOD_S) + 1);
}

type DataValue = Record<string, unknown>;

function rawField(bytes: Uint8Array): DataValue {
  return bytes.length <= MAX_RAW ? { [`Raw${bytes.length}`]: u8aToHex(bytes) } : { BigRaw: u8aToHex(bytes) };
}

function toDataValue(f: CommitmentField): DataValue {
  switch (f.kind) {
    case "raw":
      return rawField(f.bytes);
    case "timelocked":
      return { TimelockEncrypted: { encrypted: u8aToHex(f.encrypted), reveal_round: f.revealRound } };
    case "hash":
      return { [f.algorithm]: u8aToHex(f.digest) };
    case "reset-bonds":
      return { ResetBondsFlag: null };
    case "none":
      return { None: null };
    case "timelock-failed":
      throw new Error("devnet: TimelockRevealFailed is not a Data variant of spec 424");
  }
}

function requireRegistered(state: State, netuid: number, hotkey: string): void {
  // finney's CanCommit: only a hotkey registered on the subnet may commit to it.
  if (!state.has("SubtensorModule", "Uids", [netuid, hotkey])) {
    throw rejected(`${hotkey} is not registered on subnet ${netuid} and cannot commit`);
  }
}

function store(state: State, netuid: number, hotkey: string, fields: DataValue[], block: number): void {
  if (fields.length > MAX_FIELDS) throw rejected(`a commitment holds at most ${MAX_FIELDS} fields`);
  state.put(C, "CommitmentOf", [netuid, hotkey], { deposit: 0, block, info: { fields } });
  state.put(C, "LastCommitment", [netuid, hotkey], block);
}

// Replaces the hotkey's commitment, as set_commitment does, with one field per text.
export function commit(
  state: State,
  netuid: number,
  hotkey: string,
  texts: readonly Uint8Array[],
  block: number,
  deposit: Deposit,
): void {
  requireRegistered(state, netuid, hotkey);
  store(state, netuid, hotkey, texts.map(rawField), block);
  deposit({ Commitments: { Commitment: { netuid, who: hotkey } } });
}

export function commitTimelocked(
  state: State,
  netuid: number,
  hotkey: string,
  text: Uint8Array,
  revealRound: number,
  block: number,
  deposit: Deposit,
): void {
  requireRegistered(state, netuid, hotkey);
  // The SDK encrypts the SCALE encoding of the text, so the revealed plaintext carries a length prefix.
  const plaintext = compactAddLength(text);
  const encrypted = u8aConcat(
    SEAL_MAGIC,
    plaintext.map((b) => b ^ SEAL_MASK),
  );
  store(
    state,
    netuid,
    hotkey,
    [{ TimelockEncrypted: { encrypted: u8aToHex(encrypted), reveal_round: revealRound } }],
    block,
  );
  const index = timelockedIndex(state).filter((e) => !(e.netuid === netuid && e.hotkey === hotkey));
  writeIndex(state, [...index, { netuid, hotkey }]);
  deposit({ Commitments: { TimelockCommitment: { netuid, who: hotkey, reveal_round: revealRound } } });
}

function unseal(encrypted: Uint8Array): Uint8Array {
  return encrypted.subarray(SEAL_MAGIC.length).map((b) => b ^ SEAL_MASK);
}

function timelockedIndex(state: State): { netuid: number; hotkey: string }[] {
  return asList(state.value(C, "TimelockedIndex"), "TimelockedIndex").map((entry) => {
    const [netuid, who] = asTuple(entry, "TimelockedIndex[]", 2) as [Codec, Codec];
    return { netuid: asNumber(netuid, "netuid"), hotkey: asAccount(who, "who") };
  });
}

function writeIndex(state: State, entries: { netuid: number; hotkey: string }[]): void {
  state.put(
    C,
    "TimelockedIndex",
    [],
    entries.map((e) => [e.netuid, e.hotkey]),
  );
}

// Reveals every timelocked field whose round has passed (and every one of `only`'s, whatever its round),
// moving the plaintext to RevealedCommitments with this block's number and dropping the ciphertext, as the
// pallet's on_initialize hook does.
export function revealDue(
  state: State,
  block: number,
  round: number,
  deposit: Deposit,
  only?: { netuid: number; hotkey: string },
): number {
  let revealed = 0;
  const remainingIndex: { netuid: number; hotkey: string }[] = [];
  for (const entry of timelockedIndex(state)) {
    const { netuid, hotkey } = entry;
    const stored = state.get(C, "CommitmentOf", [netuid, hotkey]);
    const reg = stored && decodeCommitmentRegistration(stored);
    const forced = only !== undefined && only.netuid === netuid && only.hotkey === hotkey;
    if (!reg) continue;
    const due = reg.entries.filter(
      (f) => f.kind === "timelocked" && (forced || f.revealRound <= BigInt(round)),
    );
    const keep = reg.entries.filter((f) => !due.includes(f));
    if (due.length === 0) {
      // A later plain commitment replaced the timelocked one: the pallet drops it from the index.
      if (reg.entries.some((f) => f.kind === "timelocked")) remainingIndex.push(entry);
      continue;
    }
    const earlier = state.get(C, "RevealedCommitments", [netuid, hotkey]);
    const reveals = earlier ? decodeRevealedCommitments(earlier) : [];
    const list = [
      ...reveals.map((r) => [u8aToHex(r.bytes), r.revealBlock]),
      ...due.flatMap((f) => (f.kind === "timelocked" ? [[u8aToHex(unseal(f.encrypted)), block]] : [])),
    ];
    state.put(C, "RevealedCommitments", [netuid, hotkey], list.slice(-MAX_REVEALS));
    for (let i = 0; i < due.length; i++)
      deposit({ Commitments: { CommitmentRevealed: { netuid, who: hotkey } } });
    revealed += due.length;
    if (keep.length === 0) state.remove(C, "CommitmentOf", [netuid, hotkey]);
    else
      state.put(C, "CommitmentOf", [netuid, hotkey], {
        deposit: reg.deposit,
        block: reg.block,
        info: { fields: keep.map(toDataValue) },
      });
    if (keep.some((f) => f.kind === "timelocked")) remainingIndex.push(entry);
  }
  writeIndex(state, remainingIndex);
  return revealed;
}
