import type { HotkeyChange } from "@/db/queries/standings";
import type { KingEvent, SubmissionRef } from "@/lib/protocol/king-state";

// The king's input facts, built from stored rows only; the rules themselves live in lib/protocol.

export interface JudgedSubmission {
  readonly id: number;
  readonly hotkey: string;
  readonly uid: number;
  readonly digest: string;
  readonly commitBlock: number;
}

export function submissionRef(s: JudgedSubmission): SubmissionRef {
  return { id: s.id, hotkey: s.hotkey, uid: s.uid, digest: s.digest, commitBlock: s.commitBlock };
}

/**
 * `hotkey_changed` events from the snapshots' per-UID changes. A new hotkey on a UID means it registered
 * there, so the change is dated at the neuron's registration block when that falls between the two
 * snapshots; otherwise (inconsistent data) at the snapshot that revealed it. Dating it at the snapshot
 * would let a submission registered and judged between two epochs be mistaken for its UID's previous owner.
 */
export function hotkeyChangedEvents(changes: readonly HotkeyChange[]): KingEvent[] {
  return changes.map((c) => {
    const afterPrevious = c.previousBlock === null || c.registrationBlock > c.previousBlock;
    const registeredInWindow = afterPrevious && c.registrationBlock <= c.snapshotBlock;
    return {
      type: "hotkey_changed",
      block: registeredInWindow ? c.registrationBlock : c.snapshotBlock,
      uid: c.uid,
      newHotkey: c.hotkey,
    };
  });
}

/** A recorded hotkey swap (db/queries/chain.ts' hotkey_swaps): UID `uid` moved from one hotkey to another. */
export interface HotkeySwapFact {
  readonly blockNumber: number;
  readonly uid: number;
  readonly oldHotkey: string;
  readonly newHotkey: string;
}

/**
 * A hotkey swap moves a UID to a new hotkey without a deregistration (subtensor's do_swap_hotkey): the
 * neuron's history follows it. The snapshot change the swap caused is dropped, and every event of the UID under
 * a hotkey it later swapped away is read under the hotkey it ended with, so a reign continues and a submission
 * made before the swap stays the UID's.
 */
export function followSwaps(events: readonly KingEvent[], swaps: readonly HotkeySwapFact[]): KingEvent[] {
  const follow = swapFollower(swaps);
  return events.flatMap((e): KingEvent[] => {
    if (e.type === "hotkey_changed") {
      const kept = follow.change(e);
      return kept === null ? [] : [kept];
    }
    const s = e.submission;
    return [{ ...e, submission: { ...s, hotkey: follow.rename(s.uid, s.hotkey) } }];
  });
}

/**
 * followSwaps in two parts, for callers that hold UID changes and submissions apart: `rename` gives the hotkey
 * a UID's hotkey ended with, `change` drops the UID change a swap caused and renames any other.
 */
export function swapFollower(swaps: readonly HotkeySwapFact[]): {
  rename(uid: number, hotkey: string): string;
  change<E extends Extract<KingEvent, { type: "hotkey_changed" }>>(e: E): E | null;
} {
  // (uid, hotkey) -> the hotkey the UID ended with, following chains of swaps in block order.
  const final = new Map<string, string>();
  const key = (uid: number, hotkey: string) => `${uid}:${hotkey}`;
  for (const s of [...swaps].sort((a, b) => a.blockNumber - b.blockNumber)) {
    for (const [k, v] of final) if (v === s.oldHotkey && k.startsWith(`${s.uid}:`)) final.set(k, s.newHotkey);
    final.set(key(s.uid, s.oldHotkey), s.newHotkey);
  }
  const swapChange = new Set(swaps.map((s) => `${s.blockNumber}:${key(s.uid, s.newHotkey)}`));
  const rename = (uid: number, hotkey: string) => final.get(key(uid, hotkey)) ?? hotkey;
  return {
    rename,
    change: (e) => {
      if (e.newHotkey === null) return e;
      if (swapChange.has(`${e.block}:${key(e.uid, e.newHotkey)}`)) return null;
      return { ...e, newHotkey: rename(e.uid, e.newHotkey) };
    },
  };
}
