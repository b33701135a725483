import type { KingEvent, KingParams, SubmissionRef } from "../king-state";

// Builders shared by the king tests (not exported from the barrel).

export const CLEAR: KingParams = { epsilon0: 0.01, decayBlocks: 50_400, onKingGone: "clear" };
export const BEST_REMAINING: KingParams = { ...CLEAR, onKingGone: "best_remaining" };

export function sub(
  id: number,
  uid: number,
  commitBlock: number,
  over: Partial<SubmissionRef> = {},
): SubmissionRef {
  return {
    id,
    hotkey: `hk-${id}`,
    uid,
    digest: `sha256:${String(id).padEnd(64, "0")}`,
    commitBlock,
    ...over,
  };
}

export function judged(
  block: number,
  submission: SubmissionRef,
  score: number,
  failureReason?: string,
): Extract<KingEvent, { type: "judged" }> {
  const consensus =
    failureReason === undefined
      ? { status: "scored" as const, score }
      : { status: "failed" as const, score, failureReason };
  return { type: "judged", block, submission, consensus };
}

export function hotkeyChanged(block: number, uid: number, newHotkey: string | null): KingEvent {
  return { type: "hotkey_changed", block, uid, newHotkey };
}
