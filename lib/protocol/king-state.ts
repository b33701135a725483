import type { ProtocolParams } from "./params";

// The king's state and events, kept plain JSON (strings, numbers, null, arrays, records) so a state can be
// persisted between batches and replay continues from it exactly. Submission ids are numbers, as
// in the database (submissions.id).

export interface SubmissionRef {
  readonly id: number;
  readonly hotkey: string;
  readonly uid: number;
  readonly digest: string;
  readonly commitBlock: number;
}

export type KingEvent =
  | {
      /** The submission is judged at `block`, its judging block J (see judging.ts). */
      readonly type: "judged";
      readonly block: number;
      readonly submission: SubmissionRef;
      /** Set when it copies an earlier submission's digest (copies.ts): never crowned. */
      readonly duplicateOf?: number;
      readonly consensus: {
        readonly status: "scored" | "failed";
        readonly score: number;
        readonly failureReason?: string;
      };
    }
  | {
      /** From `block` on, UID `uid` holds `newHotkey` (null: no hotkey). */
      readonly type: "hotkey_changed";
      readonly block: number;
      readonly uid: number;
      readonly newHotkey: string | null;
    };

export interface King extends SubmissionRef {
  readonly score: number;
  readonly crownedBlock: number;
}

export type EndReason = "dethroned" | "deregistered";

export interface Reign {
  readonly submissionId: number;
  readonly hotkey: string;
  readonly uid: number;
  readonly score: number;
  readonly fromBlock: number;
  readonly toBlock: number | null;
  /** king_score × (1 + ε) that was beaten; 0 when there was no king. */
  readonly thresholdBeaten: number;
  readonly previousSubmissionId: number | null;
  readonly previousScore: number | null;
  readonly endReason: EndReason | null;
  /** The submission that dethroned this king, null otherwise. */
  readonly endedBySubmissionId: number | null;
}

export const STANDING_KINDS = [
  "king",
  "former_king",
  "ranked",
  "duplicate",
  "failed",
  "zero_score",
  "deregistered",
] as const;
export type StandingKind = (typeof STANDING_KINDS)[number];

export interface Standing {
  readonly kind: StandingKind;
  /** The block at which the submission was judged. */
  readonly block: number;
  /** The consensus score; null when not finite (JSON cannot carry it). */
  readonly score: number | null;
  /** The king it was judged against, null when there was none. */
  readonly againstKingId: number | null;
  /** The score it had to exceed, null when not compared (duplicate, failed, zero). */
  readonly threshold: number | null;
  readonly failureReason?: string;
  /** The submission a `duplicate` copies. */
  readonly duplicateOf?: number;
}

/** A correct submission with score > 0: what onKingGone "best_remaining" chooses from. */
export interface Candidate extends SubmissionRef {
  readonly score: number;
}

export interface KingState {
  readonly king: King | null;
  readonly reigns: readonly Reign[];
  /**
   * The standing per submission id. A record, not a Map, so the state stays plain JSON; its keys are stored
   * as decimal strings (JSON has no other), which `standings[id]` reads and writes for a number id as is.
   * Object.keys would give strings back: read it by id, never by iterating its keys.
   */
  readonly standings: Readonly<Record<number, Standing>>;
  /** Known hotkey per UID (stored like `standings`); a UID never seen is assumed to hold its submitter. */
  readonly hotkeyByUid: Readonly<Record<number, string | null>>;
  readonly candidates: readonly Candidate[];
  readonly lastBlock: number | null;
}

export type KingParams = Pick<ProtocolParams, "epsilon0" | "decayBlocks" | "onKingGone">;

export function initialKingState(): KingState {
  return { king: null, reigns: [], standings: {}, hotkeyByUid: {}, candidates: [], lastBlock: null };
}
