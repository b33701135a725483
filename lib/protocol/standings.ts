import { findCopies } from "./copies";
import {
  CountedRuns,
  isAfterVerdict,
  runCounts,
  stakesInForce,
  submissionFinality,
  type Finality,
  type FinalityRun,
  type PermitSnapshot,
} from "./finality";
import { judgingBlocks, type Judging } from "./judging";
import { replay } from "./king";
import { initialKingState, type KingEvent, type KingState, type SubmissionRef } from "./king-state";
import type { ProtocolParams } from "./params";

// The standings as one pure function of stored facts (protocol.md "Several validators" and "The king"):
// which runs count, when each verdict became final, the judging order, copies, and the king history.
// `advanceStandings` continues from a frozen state: everything at or before its block is final, so a pass
// only computes what is not, and a rebuild from nothing gives the same state (see standings.test.ts).

export type HotkeyChangedEvent = Extract<KingEvent, { type: "hotkey_changed" }>;

export interface StandingsWorld {
  readonly submissions: readonly SubmissionRef[];
  /** Runs with their anchor blocks; those anchored after `ingestedBlock` are not used yet. */
  readonly runs: readonly FinalityRun[];
  readonly snapshots: readonly PermitSnapshot[];
  readonly hotkeyChanges: readonly HotkeyChangedEvent[];
  /** The last block whose chain state is stored (the ingest cursor). */
  readonly ingestedBlock: number;
}

export type FinalFinality = Extract<Finality, { status: "final" }>;

export interface FrozenStandings {
  /** The king state covers every event at or before this block; null before the first pass. */
  readonly block: number | null;
  readonly king: KingState;
  /** Every final verdict, by submission id: never recomputed. */
  readonly finality: ReadonlyMap<number, FinalFinality>;
}

export interface RunStanding {
  /** Its validator held a permit and stake > 0 at its anchor block (and it is not a runner_error). */
  readonly counted: boolean;
  /** Accepted after its submission's verdict became final: shown, but decides nothing. */
  readonly afterVerdict: boolean;
  /** One of the runs the verdict was computed from. */
  readonly inVerdict: boolean;
}

export interface Standings {
  /** What can no longer change: everything before the ingested block. */
  readonly frozen: FrozenStandings & { readonly block: number };
  /** The king state at the ingested block (the frozen one plus the events of that block). */
  readonly king: KingState;
  readonly finality: ReadonlyMap<number, Finality>;
  readonly judging: ReadonlyMap<number, Judging>;
  /** Copy id → original id. */
  readonly copies: ReadonlyMap<number, number>;
  readonly runs: ReadonlyMap<string, RunStanding>;
}

export type StandingsParams = Pick<
  ProtocolParams,
  | "quorum"
  | "activeWindowBlocks"
  | "quorumTimeoutBlocks"
  | "maxJudgeWaitBlocks"
  | "agreementTolerance"
  | "epsilon0"
  | "decayBlocks"
  | "onKingGone"
>;

export function initialFrozenStandings(): FrozenStandings {
  return { block: null, king: initialKingState(), finality: new Map() };
}

/**
 * Advances `frozen` to `world.ingestedBlock`. Final verdicts in `frozen` are kept as they are, and king
 * events at or before `frozen.block` are not applied again, so a late run, a permit change or a new snapshot
 * cannot rewrite them. `world` needs the runs of submissions not final yet and every run anchored in the
 * active window before the blocks still to decide; more is harmless.
 */
export function advanceStandings(
  frozen: FrozenStandings,
  world: StandingsWorld,
  paramsAt: (block: number) => StandingsParams,
): Standings {
  const { ingestedBlock } = world;
  // A run accepted from now on is anchored at the ingested block or later, so only what lies before it can
  // be frozen: a verdict final at the ingested block may still gain runs of that block.
  const freezeAt = Math.max(ingestedBlock - 1, frozen.block ?? -1);
  if (frozen.block !== null && ingestedBlock < frozen.block) {
    throw new RangeError(`ingest went back: block ${ingestedBlock} after frozen block ${frozen.block}`);
  }
  const stakesAt = stakesInForce(world.snapshots);
  const usable = world.runs.filter((r) => r.anchorBlock <= ingestedBlock);
  const counted = new CountedRuns(usable, stakesAt);

  const finality = new Map<number, Finality>();
  const finalNow = new Map(frozen.finality);
  for (const s of world.submissions) {
    const kept = frozen.finality.get(s.id);
    const f = kept ?? submissionFinality(s.id, counted, ingestedBlock, paramsAt);
    finality.set(s.id, f);
    if (f.status === "final" && f.block <= freezeAt) finalNow.set(s.id, f);
  }

  const copies = findCopies(world.submissions);
  // A copy is disqualified from its commit on, whatever its runs say, so it never holds a later one back.
  const judging = judgingBlocks(
    world.submissions.map((s) => {
      const f = finality.get(s.id);
      const finalBlock = copies.has(s.id) ? s.commitBlock : f?.status === "final" ? f.block : null;
      return { ...s, finalBlock };
    }),
    ingestedBlock,
    paramsAt,
  );

  const after = (block: number) => frozen.block === null || block > frozen.block;
  const events: KingEvent[] = world.hotkeyChanges.filter((e) => after(e.block) && e.block <= ingestedBlock);
  for (const s of world.submissions) {
    const j = judging.get(s.id);
    const f = finality.get(s.id);
    if (j?.status !== "judged" || f?.status !== "final") continue;
    // A copy's judging block may precede its own finality; its verdict is recorded once it is final.
    const block = Math.max(j.block, f.block);
    if (!after(block) || block > ingestedBlock) continue;
    const { verdict } = f;
    if (verdict.status === "pending") continue;
    const consensus =
      verdict.status === "scored"
        ? { status: "scored" as const, score: verdict.score }
        : { status: "failed" as const, score: 0, failureReason: verdict.reason };
    const duplicateOf = copies.get(s.id);
    events.push({
      type: "judged",
      block,
      submission: s,
      consensus,
      ...(duplicateOf === undefined ? {} : { duplicateOf }),
    });
  }
  const frozenKing = replay(
    events.filter((e) => e.block <= freezeAt),
    paramsAt,
    frozen.king,
  );
  const king = replay(
    events.filter((e) => e.block > freezeAt),
    paramsAt,
    frozenKing,
  );

  const runs = new Map<string, RunStanding>();
  for (const run of usable) {
    const f = finality.get(run.submissionId);
    runs.set(run.runId, {
      counted: runCounts(run, stakesAt),
      afterVerdict: f !== undefined && isAfterVerdict(run, f),
      inVerdict: f?.status === "final" && f.countedRunIds.includes(run.runId),
    });
  }
  return {
    frozen: { block: freezeAt, king: frozenKing, finality: finalNow },
    king,
    finality,
    judging,
    copies,
    runs,
  };
}

/** The standings rebuilt from stored facts alone. */
export function computeStandings(
  world: StandingsWorld,
  paramsAt: (block: number) => StandingsParams,
): Standings {
  return advanceStandings(initialFrozenStandings(), world, paramsAt);
}
