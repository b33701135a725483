import type { HotkeyChangeRow } from "@/db/queries/standings";
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
  return { id: String(s.id), hotkey: s.hotkey, uid: s.uid, digest: s.digest, commitBlock: s.commitBlock };
}

/**
 * `hotkey_changed` events from the snapshots' per-UID changes. A new hotkey on a UID means it registered
 * there, so the change is dated at the neuron's registration block when that falls between the two
 * snapshots; otherwise (inconsistent data) at the snapshot that revealed it. Dating it at the snapshot
 * would let a submission registered and judged between two epochs be mistaken for its UID's previous owner.
 */
export function hotkeyChangedEvents(changes: readonly HotkeyChangeRow[]): KingEvent[] {
  return changes.map((c) => {
    const afterPrevious = c.previous_block === null || c.registration_block > c.previous_block;
    const registeredInWindow = afterPrevious && c.registration_block <= c.snapshot_block;
    return {
      type: "hotkey_changed",
      block: registeredInWindow ? c.registration_block : c.snapshot_block,
      uid: c.uid,
      newHotkey: c.hotkey,
    };
  });
}
