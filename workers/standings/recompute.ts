import { isDeepStrictEqual } from "node:util";
import type { DbOrTx } from "@/db/client";
import { publishChange } from "@/db/notify";
import { listHotkeySwaps } from "@/db/queries/chain";
import {
  getKnownHeadBlock,
  getOldestAnchor,
  getStandingsState,
  listDigestPeers,
  listEmissionRows,
  listHotkeyChanges,
  listPermitSnapshots,
  listReignRows,
  listRunsForStandings,
  listSnapshots,
  listSubmissionsForStandings,
  listSubmissionsInFlight,
  listUidEmissions,
  sumReignEmissions,
  type ConsensusRunRow,
  type ReignRow,
  type StandingsSubmission,
} from "@/db/queries/standings";
import {
  lockStandings,
  saveStandingsState,
  syncEmissions,
  syncReigns,
  updateRunStandings,
  updateSubmissionsDerived,
  type SubmissionDerived,
} from "@/db/queries/standings-write";
import type { SubmissionFinality } from "@/db/schema";
import type { ConsensusVerdict } from "@/lib/protocol/consensus";
import type { Finality } from "@/lib/protocol/finality";
import type { RunFailureReason } from "@/lib/protocol/failure-reasons";
import { withoutSettledVerdicts } from "@/lib/protocol/king";
import { initialKingState, STANDING_KINDS, type StandingKind } from "@/lib/protocol/king-state";
import type { Judging } from "@/lib/protocol/judging";
import { paramsAt } from "@/lib/protocol/params";
import { advanceStandings, type FinalFinality, type HotkeyChangedEvent } from "@/lib/protocol/standings";
import { blockTimeEstimator, type KnownBlockTime } from "./block-times";
import { NO_FIGURES, toFinalityRun, validatorAgreement, verdictFigures } from "./consensus";
import { deriveSubmission, emissionValues, epochEmissions, reignValues, type StoredStanding } from "./derive";
import { hotkeyChangedEvents, submissionRef, swapFollower } from "./king-events";

export interface RecomputeOptions {
  netuid: number;
  network: string;
  now: Date;
}

export interface RecomputeResult {
  kingSubmissionId: number | null;
  kingChanged: boolean;
  changedSubmissionIds: number[];
  reignsChanged: boolean;
  emissionsChanged: boolean;
}

/**
 * Advances the standings of a subnet to the ingest cursor, in one transaction under an advisory lock
 * (lib/protocol advanceStandings): which runs count, which verdicts became final and how, the judging order,
 * copies, the king history, reigns and per-epoch emission to the king. Final verdicts and the king state at
 * the last frozen block are read back and never recomputed, so a pass loads only the runs of verdicts still
 * open (and the active window before them) and later runs change nothing already recorded. Writes are
 * set-based and only of what differs; unchanged inputs write and publish nothing but the frozen block.
 */
export async function recomputeStandings(db: DbOrTx, options: RecomputeOptions): Promise<RecomputeResult> {
  const { netuid, network, now } = options;
  return db.transaction(async (tx) => {
    await lockStandings(tx, netuid);
    const stored = await getStandingsState(tx, netuid);
    const ingestedBlock = Math.max((await getKnownHeadBlock(tx, network, netuid)) ?? 0, stored?.block ?? 0);
    const params = paramsAt(ingestedBlock);
    const frozenBlock = stored?.block ?? null;
    const isFrozenFinal = (f: SubmissionFinality | null): f is FrozenFinality =>
      f?.status === "final" && frozenBlock !== null && f.block <= frozenBlock;

    // What is not settled at the frozen block, and what a pass must read with it: the other commits of its
    // digests (copies), every run of it and the active window before the oldest block still to decide.
    // Under onKingGone "best_remaining" a settled candidate can be crowned: its standing changes too.
    const candidates = params.onKingGone === "clear" ? [] : (stored?.king.candidates ?? []).map((c) => c.id);
    const rows = await listSubmissionsForStandings(tx, netuid, frozenBlock, candidates);
    const ids = rows.map((r) => r.id);
    const open = rows.filter((r) => !isFrozenFinal(r.finality)).map((r) => r.id);
    const oldestOpen = await getOldestAnchor(tx, open);
    const from = Math.min(oldestOpen ?? ingestedBlock, (frozenBlock ?? -1) + 1);
    const windowStart = from - params.activeWindowBlocks;
    const [peers, runRows, inFlight, snapshots, permits, changes, storedReigns, storedEmissions, swaps] =
      await Promise.all([
        frozenBlock === null
          ? []
          : listDigestPeers(
              tx,
              netuid,
              rows.map((r) => r.digest),
              ids,
            ),
        listRunsForStandings(tx, netuid, { ingestedBlock, windowStart, submissionIds: ids }),
        listSubmissionsInFlight(tx, ids),
        listSnapshots(tx, netuid, frozenBlock),
        listPermitSnapshots(tx, netuid, windowStart),
        listHotkeyChanges(tx, netuid, frozenBlock),
        listReignRows(tx, netuid, frozenBlock),
        listEmissionRows(tx, netuid, frozenBlock),
        listHotkeySwaps(tx, netuid),
      ]);

    // A hotkey swap is no deregistration: the UID's history, a reign included, continues under the new hotkey.
    const swapped = swapFollower(swaps);
    // A UID change first seen after the frozen block is applied just after it: what is recorded stays.
    const hotkeyChanges = hotkeyChangedEvents(changes).flatMap((e): HotkeyChangedEvent[] => {
      const followed = swapped.change(e as HotkeyChangedEvent);
      if (followed === null) return [];
      return [
        {
          ...followed,
          block: frozenBlock === null ? followed.block : Math.max(followed.block, frozenBlock + 1),
        },
      ];
    });
    const world = [...rows, ...peers];
    // Final verdicts up to the frozen block are read back, never recomputed.
    const frozenFinality = new Map<number, FinalFinality>();
    for (const row of world) {
      if (isFrozenFinal(row.finality)) frozenFinality.set(row.id, finalFromStored(row.finality));
    }
    const standings = advanceStandings(
      { block: frozenBlock, king: stored?.king ?? initialKingState(), finality: frozenFinality },
      {
        submissions: world
          .map(submissionRef)
          .map((ref) => ({ ...ref, hotkey: swapped.rename(ref.uid, ref.hotkey) })),
        runs: runRows.map(toFinalityRun),
        snapshots: permits,
        hotkeyChanges,
        ingestedBlock,
      },
      paramsAt,
    );
    const { king } = standings;

    // Every run of the submissions read is loaded, so each is derived again from its runs.
    const runsBySubmission = groupBy(runRows, (r) => r.submissionId);
    const derivedRows: { id: number; derived: SubmissionDerived }[] = [];
    for (const row of rows) {
      const { id } = row;
      const finality = standings.finality.get(id);
      if (finality === undefined) continue;
      const runs = runsBySubmission.get(id) ?? [];
      const duplicateOf = standings.copies.get(id);
      // A settled submission is read again without the submissions committed before it: its judging and
      // (dropped from the stored state) verdict are the ones recorded.
      const settled = isSettled(row, frozenBlock);
      const derived = deriveSubmission({
        finality,
        judging: settled ? storedJudging(settled) : standings.judging.get(id),
        standing: king.standings[id] ?? (settled ? storedStanding(row) : undefined),
        duplicateOf: duplicateOf ?? null,
        inFlight: inFlight.has(id),
        finalAt: row.finalAt ?? now,
        quorum: paramsAt(finality.status === "final" ? finality.block : ingestedBlock).quorum,
        ...figuresOf(finality, runs, params.agreementTolerance),
      });
      if (!sameDerived(row, derived)) derivedRows.push({ id, derived });
    }
    await updateSubmissionsDerived(tx, derivedRows, now);
    const changedSubmissionIds = derivedRows.map((r) => r.id);

    // The window's runs of settled submissions were processed with them and stay as they are.
    const read = new Set(world.map((r) => r.id));
    const runChanges = runRows.flatMap((r) => {
      const s = standings.runs.get(r.runId);
      if (s === undefined || !read.has(r.submissionId)) return [];
      if (r.counted === s.counted && r.afterVerdict === s.afterVerdict) return [];
      return [{ runId: r.runId, counted: s.counted, afterVerdict: s.afterVerdict }];
    });
    await updateRunStandings(tx, runChanges);
    await saveStandingsState(
      tx,
      netuid,
      { block: standings.frozen.block, king: withoutSettledVerdicts(standings.frozen.king) },
      now,
    );

    // Reigns ended at or before the frozen block and the epochs up to it are final: only the rest is written.
    const changeable = (r: { toBlock: number | null }) =>
      frozenBlock === null || r.toBlock === null || r.toBlock > frozenBlock;
    const reigns = king.reigns.filter(changeable);
    const kingUids = [...new Set(reigns.map((r) => r.uid))];
    // Registration and start snapshots repeat the last epoch's Emission: only epoch snapshots are paid.
    const epochSnapshots = snapshots.filter(
      (s) => s.kind === "epoch" && (frozenBlock === null || s.blockNumber > frozenBlock),
    );
    const epochs = epochEmissions(epochSnapshots, await listUidEmissions(tx, netuid, kingUids, frozenBlock));
    const emissionsChanged = await syncEmissions(
      tx,
      netuid,
      storedEmissions,
      emissionValues(netuid, epochSnapshots, reigns, epochs),
    );
    const timeAt = blockTimes(snapshots, storedReigns, ingestedBlock, params.blockSeconds, now);
    const totals = await sumReignEmissions(
      tx,
      netuid,
      reigns.map(({ submissionId, fromBlock, toBlock }) => ({ submissionId, fromBlock, toBlock })),
    );
    const reignsChanged = await syncReigns(tx, storedReigns, reignValues(netuid, reigns, totals, timeAt));

    const previousKing = storedReigns.find((r) => r.toBlock === null)?.submissionId ?? null;
    const kingSubmissionId = king.king?.id ?? null;
    const kingChanged = previousKing !== kingSubmissionId;
    // Published inside the transaction: NOTIFY is delivered on commit, and never for a rolled-back recompute.
    if (kingChanged) await publishChange(tx, { type: "king", submissionId: kingSubmissionId });
    if (changedSubmissionIds.length > 0) {
      await publishChange(tx, { type: "standings", changedSubmissionIds });
    }
    return { kingSubmissionId, kingChanged, changedSubmissionIds, reignsChanged, emissionsChanged };
  });
}

type FrozenFinality = Extract<SubmissionFinality, { status: "final" }>;

/** A final verdict as stored, back in lib/protocol's shape (its agreement is measured separately). */
function finalFromStored(f: FrozenFinality): FinalFinality {
  const verdict: ConsensusVerdict =
    f.verdict.status === "scored"
      ? { status: "scored", score: f.verdict.score }
      : { status: "failed", reason: f.verdict.reason as RunFailureReason, score: 0 };
  return {
    status: "final",
    block: f.block,
    how: f.how,
    countedRunIds: f.countedRuns.map((r) => r.runId),
    countedStakes: new Map(f.countedRuns.map((r) => [r.runId, BigInt(r.stakeRao)])),
    countedValidators: new Map(f.countedRuns.map((r) => [r.runId, r.validatorHotkey])),
    verdict: { ...verdict, countedRunIds: f.countedRuns.map((r) => r.runId), agreement: [] },
    after: f.after,
    quorumStake: BigInt(f.quorumStakeRao),
    activeStake: BigInt(f.activeStakeRao),
  };
}

/** The stored finality of a submission settled at the frozen block (schema settledBlockOf); null otherwise. */
function isSettled(row: StandingsSubmission, frozenBlock: number | null): FrozenFinality | null {
  const f = row.finality;
  if (frozenBlock === null || f?.status !== "final" || f.judgedBlock === null) return null;
  return Math.max(f.block, f.judgedBlock) <= frozenBlock ? f : null;
}

function storedJudging(f: FrozenFinality): Judging {
  return {
    status: "judged",
    block: f.judgedBlock ?? f.block,
    waitedFor: f.waitedForId,
  };
}

function storedStanding(row: StandingsSubmission): StoredStanding | undefined {
  if (row.standing === null || !(STANDING_KINDS as readonly string[]).includes(row.standing))
    return undefined;
  return {
    kind: row.standing as StandingKind,
    againstKingId: row.judgedAgainstId,
    threshold: row.judgedThreshold,
  };
}

function figuresOf(finality: Finality, runs: readonly ConsensusRunRow[], tolerance: number) {
  if (finality.status !== "final")
    return { figures: NO_FIGURES, agreement: validatorAgreement({ status: "pending" }, runs, tolerance) };
  const byId = new Map(runs.map((r) => [r.runId, r]));
  const counted = finality.countedRunIds.flatMap((runId) => {
    const row = byId.get(runId);
    return row ? [{ row, stake: finality.countedStakes.get(runId) ?? 0n }] : [];
  });
  return {
    figures: verdictFigures(finality.verdict, counted, tolerance),
    agreement: validatorAgreement(finality.verdict, runs, tolerance),
  };
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function sameDerived(row: Record<string, unknown>, derived: SubmissionDerived): boolean {
  return Object.entries(derived).every(([key, value]) => isDeepStrictEqual(row[key], value));
}

/**
 * Snapshot times are chain block times; a stored reign's times are what earlier passes knew of its blocks (kept,
 * so a pass that no longer reads the snapshots around a reign's start does not move it); the ingested block is
 * now as far as we know.
 */
function blockTimes(
  snapshots: readonly { blockNumber: number; blockTime: Date }[],
  storedReigns: readonly ReignRow[],
  ingestedBlock: number,
  blockSeconds: number,
  now: Date,
): (block: number) => Date {
  const known: KnownBlockTime[] = snapshots.map((s) => ({ block: s.blockNumber, time: s.blockTime }));
  for (const r of storedReigns) {
    known.push({ block: r.fromBlock, time: r.fromTime });
    if (r.toBlock !== null && r.toTime !== null) known.push({ block: r.toBlock, time: r.toTime });
  }
  known.push({ block: ingestedBlock, time: now });
  const estimate = blockTimeEstimator(known, blockSeconds);
  return (block) => estimate(block) ?? now;
}
