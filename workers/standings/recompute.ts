import { isDeepStrictEqual } from "node:util";
import type { Db } from "@/db/client";
import { publishChange } from "@/db/notify";
import { listHotkeySwaps } from "@/db/queries/chain";
import {
  getKnownHeadBlock,
  getOldestOpenAnchor,
  getStandingsState,
  listEmissionRows,
  listHotkeyChanges,
  listPermitSnapshots,
  listReignRows,
  listRunsForStandings,
  listSnapshots,
  listSubmissionsForStandings,
  listSubmissionsInFlight,
  listUidEmissions,
  type ConsensusRunRow,
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
import { initialKingState } from "@/lib/protocol/king-state";
import { paramsAt } from "@/lib/protocol/params";
import { advanceStandings, type FinalFinality, type HotkeyChangedEvent } from "@/lib/protocol/standings";
import { blockTimeEstimator, type KnownBlockTime } from "./block-times";
import { NO_FIGURES, toFinalityRun, validatorAgreement, verdictFigures } from "./consensus";
import { deriveSubmission, emissionValues, epochEmissions, reignValues } from "./derive";
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
export async function recomputeStandings(db: Db, options: RecomputeOptions): Promise<RecomputeResult> {
  const { netuid, network, now } = options;
  return db.transaction(async (tx) => {
    await lockStandings(tx, netuid);
    const stored = await getStandingsState(tx, netuid);
    const ingestedBlock = Math.max((await getKnownHeadBlock(tx, network, netuid)) ?? 0, stored?.block ?? 0);
    const params = paramsAt(ingestedBlock);
    const frozenBlock = stored?.block ?? null;
    const oldestOpen = await getOldestOpenAnchor(tx, netuid, frozenBlock);
    const from = Math.min(oldestOpen ?? ingestedBlock, (stored?.block ?? -1) + 1);
    const windowStart = from - params.activeWindowBlocks;
    const [rows, runRows, inFlight, snapshots, permits, changes, storedReigns, storedEmissions, swaps] =
      await Promise.all([
        listSubmissionsForStandings(tx, netuid),
        listRunsForStandings(tx, netuid, { ingestedBlock, windowStart, frozenBlock }),
        listSubmissionsInFlight(tx, netuid),
        listSnapshots(tx, netuid),
        listPermitSnapshots(tx, netuid, windowStart),
        listHotkeyChanges(tx, netuid, stored?.block ?? null),
        listReignRows(tx, netuid),
        listEmissionRows(tx, netuid),
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
    // Final verdicts up to the frozen block are read back, never recomputed.
    const frozenFinality = new Map<string, FinalFinality>();
    for (const row of rows) {
      const f = row.finality;
      if (f?.status === "final" && frozenBlock !== null && f.block <= frozenBlock) {
        frozenFinality.set(String(row.id), finalFromStored(f));
      }
    }
    const standings = advanceStandings(
      { block: frozenBlock, king: stored?.king ?? initialKingState(), finality: frozenFinality },
      {
        submissions: rows
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

    // Submissions whose runs were all loaded: verdicts still open, and final ones with a run not seen yet.
    const runsBySubmission = groupBy(runRows, (r) => r.submissionId);
    const fresh = new Set(runRows.filter((r) => r.counted === null).map((r) => r.submissionId));
    const derivedRows: { id: number; derived: SubmissionDerived }[] = [];
    for (const row of rows) {
      const id = String(row.id);
      const finality = standings.finality.get(id);
      if (finality === undefined) continue;
      const loaded = !frozenFinality.has(id) || fresh.has(row.id);
      const runs = runsBySubmission.get(row.id) ?? [];
      const duplicateOf = standings.copies.get(id);
      const facts = {
        finality,
        judging: standings.judging.get(id),
        standing: king.standings[id],
        duplicateOf: duplicateOf === undefined ? null : Number(duplicateOf),
        inFlight: inFlight.has(row.id),
        finalAt: row.finalAt ?? now,
        quorum: paramsAt(finality.status === "final" ? finality.block : ingestedBlock).quorum,
      };
      const derived = loaded
        ? deriveSubmission({ ...facts, ...figuresOf(finality, runs, params.agreementTolerance) })
        : deriveSubmission({ ...facts, figures: storedFigures(row), agreement: row.consensusRuns });
      if (!sameDerived(row, derived)) derivedRows.push({ id: row.id, derived });
    }
    await updateSubmissionsDerived(tx, derivedRows, now);
    const changedSubmissionIds = derivedRows.map((r) => r.id);

    const runChanges = runRows.flatMap((r) => {
      const s = standings.runs.get(r.runId);
      if (s === undefined || (r.counted === s.counted && r.afterVerdict === s.afterVerdict)) return [];
      return [{ runId: r.runId, counted: s.counted, afterVerdict: s.afterVerdict }];
    });
    await updateRunStandings(tx, runChanges);
    await saveStandingsState(tx, netuid, { block: standings.frozen.block, king: standings.frozen.king }, now);

    const timeAt = blockTimes(snapshots, ingestedBlock, params.blockSeconds, now);
    const kingUids = [...new Set(king.reigns.map((r) => r.uid))];
    // Registration and start snapshots repeat the last epoch's Emission: only epoch snapshots are paid.
    const epochSnapshots = snapshots.filter((s) => s.kind === "epoch");
    const epochs = epochEmissions(epochSnapshots, await listUidEmissions(tx, netuid, kingUids));
    const reignsChanged = await syncReigns(
      tx,
      storedReigns,
      reignValues(netuid, king.reigns, epochs, timeAt),
    );
    const emissionsChanged = await syncEmissions(
      tx,
      netuid,
      storedEmissions,
      emissionValues(netuid, epochSnapshots, king.reigns, epochs),
    );

    const previousKing = storedReigns.find((r) => r.toBlock === null)?.submissionId ?? null;
    const kingSubmissionId = king.king === null ? null : Number(king.king.id);
    const kingChanged = previousKing !== kingSubmissionId;
    // Published inside the transaction: NOTIFY is delivered on commit, and never for a rolled-back recompute.
    if (kingChanged) await publishChange(tx, { type: "king", submissionId: kingSubmissionId });
    if (changedSubmissionIds.length > 0) {
      await publishChange(tx, { type: "standings", changedSubmissionIds });
    }
    return { kingSubmissionId, kingChanged, changedSubmissionIds, reignsChanged, emissionsChanged };
  });
}

/** A final verdict as stored, back in lib/protocol's shape (its agreement is measured separately). */
function finalFromStored(f: Extract<SubmissionFinality, { status: "final" }>): FinalFinality {
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

function storedFigures(row: StandingsSubmission) {
  return {
    ttftImprovement: row.consensusTtftImprovement,
    throughputImprovement: row.consensusThroughputImprovement,
    tokenMatchRate: row.consensusTokenMatchRate,
    ttftMs: row.consensusTtftMs,
    throughputTps: row.consensusThroughputTps,
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

/** Snapshot times are chain block times; the ingested block is now as far as we know. */
function blockTimes(
  snapshots: readonly { blockNumber: number; blockTime: Date }[],
  ingestedBlock: number,
  blockSeconds: number,
  now: Date,
): (block: number) => Date {
  const known: KnownBlockTime[] = snapshots.map((s) => ({ block: s.blockNumber, time: s.blockTime }));
  known.push({ block: ingestedBlock, time: now });
  const estimate = blockTimeEstimator(known, blockSeconds);
  return (block) => estimate(block) ?? now;
}
