import { beatsKing, scoreToBeat } from "./margin";
import { paramsAt } from "./params";
import {
  initialKingState,
  type Candidate,
  type EndReason,
  type King,
  type KingEvent,
  type KingParams,
  type KingState,
  type Reign,
  type Standing,
} from "./king-state";

export * from "./king-state";

// The king state machine (protocol.md "The king") as a pure reducer over chain-ordered events.

const rank = (e: KingEvent): number => (e.type === "hotkey_changed" ? 0 : 1);

/**
 * The canonical order: by block; within a block, UID changes first (the end-of-block chain state is what
 * counts, so a submission whose hotkey left in that block is not crowned), then judgments by commit block,
 * then lower UID, then id, as "judge submissions in order of commit block (ties: lower UID)". The sort is
 * stable, so remaining ties keep their input order.
 */
export function orderEvents(events: readonly KingEvent[]): KingEvent[] {
  return [...events].sort((a, b) => {
    if (a.block !== b.block) return a.block - b.block;
    if (rank(a) !== rank(b)) return rank(a) - rank(b);
    if (a.type === "judged" && b.type === "judged") {
      const x = a.submission;
      const y = b.submission;
      return x.commitBlock - y.commitBlock || x.uid - y.uid || x.id - y.id;
    }
    if (a.type === "hotkey_changed" && b.type === "hotkey_changed") return a.uid - b.uid;
    return 0;
  });
}

function crown(
  state: KingState,
  c: Candidate,
  block: number,
  threshold: number,
  endedKing: King | null,
): KingState {
  const king: King = { ...c, crownedBlock: block };
  const reign: Reign = {
    submissionId: c.id,
    hotkey: c.hotkey,
    uid: c.uid,
    score: c.score,
    fromBlock: block,
    toBlock: null,
    thresholdBeaten: threshold,
    previousSubmissionId: endedKing?.id ?? null,
    previousScore: endedKing?.score ?? null,
    endReason: null,
    endedBySubmissionId: null,
  };
  const previous = state.standings[c.id];
  const standing: Standing =
    previous === undefined
      ? { kind: "king", block, score: c.score, againstKingId: endedKing?.id ?? null, threshold }
      : { ...previous, kind: "king" };
  return {
    ...state,
    king,
    reigns: [...state.reigns, reign],
    standings: { ...state.standings, [c.id]: standing },
  };
}

function endReign(
  state: KingState,
  block: number,
  endReason: EndReason,
  endedBySubmissionId: number | null,
): KingState {
  const { king } = state;
  if (king === null) return state;
  const reigns = state.reigns.map((r) =>
    r.submissionId === king.id && r.toBlock === null
      ? { ...r, toBlock: block, endReason, endedBySubmissionId }
      : r,
  );
  const standing = state.standings[king.id];
  const standings =
    standing === undefined
      ? state.standings
      : { ...state.standings, [king.id]: { ...standing, kind: "former_king" as const } };
  return { ...state, king: null, reigns, standings };
}

/** Best score; ties go to the earlier commit, then the lower UID, then the smaller id. */
function bestCandidate(candidates: readonly Candidate[]): Candidate | null {
  let best: Candidate | null = null;
  for (const c of candidates) {
    const better =
      best === null ||
      c.score > best.score ||
      (c.score === best.score &&
        (c.commitBlock - best.commitBlock || c.uid - best.uid || c.id - best.id) < 0);
    if (better) best = c;
  }
  return best;
}

function applyHotkeyChange(
  state: KingState,
  event: Extract<KingEvent, { type: "hotkey_changed" }>,
  params: KingParams,
): KingState {
  const { uid, newHotkey, block } = event;
  // A submission belongs to one registration: once its UID changes hands it can never be crowned again, even
  // if the same hotkey registers again later (it would start afresh with a new submission).
  const candidates = state.candidates.filter((c) => c.uid !== uid || c.hotkey === newHotkey);
  let next: KingState = {
    ...state,
    hotkeyByUid: { ...state.hotkeyByUid, [uid]: newHotkey },
    candidates,
  };
  const gone = next.king;
  if (gone === null || gone.uid !== uid || gone.hotkey === newHotkey) return next;
  next = endReign(next, block, "deregistered", null);
  if (params.onKingGone === "clear") return next;
  const best = bestCandidate(next.candidates);
  return best === null ? next : crown(next, best, block, 0, gone);
}

function applyJudged(
  state: KingState,
  event: Extract<KingEvent, { type: "judged" }>,
  params: KingParams,
): KingState {
  const { submission: s, consensus, block } = event;
  // Judged once: a later event for the same submission does not re-judge it (no revival).
  if (state.standings[s.id] !== undefined) return state;
  const { king } = state;
  const score = Number.isFinite(consensus.score) ? consensus.score : null;
  const base = { block, score, againstKingId: king?.id ?? null, threshold: null };
  const record = (standing: Standing, extra: Partial<KingState> = {}): KingState => ({
    ...state,
    ...extra,
    standings: { ...state.standings, [s.id]: standing },
  });

  const holder = state.hotkeyByUid[s.uid];
  if (holder !== undefined && holder !== s.hotkey) return record({ ...base, kind: "deregistered" });
  if (event.duplicateOf !== undefined)
    return record({ ...base, kind: "duplicate", duplicateOf: event.duplicateOf });
  if (consensus.status === "failed") {
    const reason = consensus.failureReason === undefined ? {} : { failureReason: consensus.failureReason };
    return record({ ...base, kind: "failed", ...reason });
  }
  if (score === null || score <= 0) return record({ ...base, kind: "zero_score" });

  // Fields picked one by one: extra properties of the caller's object must not leak into persisted state.
  const { id, hotkey, uid, digest, commitBlock } = s;
  const candidate: Candidate = { id, hotkey, uid, digest, commitBlock, score };
  const withCandidate: KingState = { ...state, candidates: [...state.candidates, candidate] };
  if (king === null) return crown(withCandidate, candidate, block, 0, null);
  const ageBlocks = block - king.crownedBlock;
  const threshold = scoreToBeat(king.score, ageBlocks, params);
  if (!beatsKing(score, king.score, ageBlocks, params)) {
    return record({ ...base, kind: "ranked", threshold }, { candidates: withCandidate.candidates });
  }
  const dethroned = endReign(withCandidate, block, "dethroned", s.id);
  return crown(dethroned, candidate, block, threshold, king);
}

/** Applies one event. Events must come in canonical order (see orderEvents); an older block is an error. */
export function applyEvent(state: KingState, event: KingEvent, params: KingParams): KingState {
  if (state.lastBlock !== null && event.block < state.lastBlock) {
    throw new RangeError(`king events out of order: block ${event.block} after block ${state.lastBlock}`);
  }
  const next =
    event.type === "judged" ? applyJudged(state, event, params) : applyHotkeyChange(state, event, params);
  return { ...next, lastBlock: event.block };
}

/**
 * Folds events (ordered canonically first) onto `initial`. Parameters may be one set or, by default, the set
 * in force at each event's block, so history is judged by the rules of its time.
 */
export function replay(
  events: readonly KingEvent[],
  params: KingParams | ((block: number) => KingParams) = paramsAt,
  initial: KingState = initialKingState(),
): KingState {
  const at = typeof params === "function" ? params : () => params;
  return orderEvents(events).reduce((state, event) => applyEvent(state, event, at(event.block)), initial);
}

/**
 * The state with only the verdicts a later event can read: the king's (ended as `former_king`) and the
 * candidates' (one may be crowned). Every other verdict is settled and recorded elsewhere; keeping them would
 * make a stored state grow with the whole history. Judging is once per submission, and a submission whose
 * verdict is dropped here is never judged again by a caller that replays only events after the state's block.
 */
export function withoutSettledVerdicts(state: KingState): KingState {
  const kept = new Set(state.candidates.map((c) => c.id));
  if (state.king !== null) kept.add(state.king.id);
  const standings: Record<number, Standing> = {};
  for (const id of kept) {
    const standing = state.standings[id];
    if (standing !== undefined) standings[id] = standing;
  }
  return { ...state, standings };
}
