import { isDeepStrictEqual } from "node:util";
import type { Db } from "@/db/client";
import { listHotkeySwaps } from "@/db/queries/chain";
import { publishChange } from "@/db/notify";
import {
  getKnownHeadBlock,
  listEmissionRows,
  listHotkeyChanges,
  listPermittedValidators,
  listReignRows,
  listRunsForConsensus,
  listSnapshots,
  listSubmissionsForStandings,
  listSubmissionsInFlight,
  listUidEmissions,
} from "@/db/queries/standings";
import {
  lockStandings,
  syncEmissions,
  syncReigns,
  updateSubmissionDerived,
  type SubmissionDerived,
} from "@/db/queries/standings-write";
import { replay } from "@/lib/protocol/king";
import type { KingEvent } from "@/lib/protocol/king-state";
import { paramsAt } from "@/lib/protocol/params";
import { blockTimeEstimator, type KnownBlockTime } from "./block-times";
import { submissionConsensus } from "./consensus";
import { deriveSubmission, emissionValues, epochEmissions, reignValues } from "./derive";
import { followSwaps, hotkeyChangedEvents, judgedEvent } from "./king-events";

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
 * Recomputes every derived standing of a subnet from runs and chain state, in one transaction under an
 * advisory lock: consensus per submission, the king history (lib/protocol replay over `judged` and
 * `hotkey_changed` events), reigns and per-epoch emission to the king. Idempotent: unchanged inputs write
 * nothing and publish nothing.
 *
 * `final_block` is fixed the first time a verdict is seen non-pending, at the ingest cursor of the network
 * (the last block whose chain state is stored, so judgments never run ahead of the hotkeys we know), or the
 * latest snapshot's block where there is no cursor, and never before the commit block.
 */
export async function recomputeStandings(db: Db, options: RecomputeOptions): Promise<RecomputeResult> {
  const { netuid, network, now } = options;
  return db.transaction(async (tx) => {
    await lockStandings(tx, netuid);
    const [rows, runs, inFlight, snapshots, changes, head, storedReigns, storedEmissions, swaps] =
      await Promise.all([
        listSubmissionsForStandings(tx, netuid),
        listRunsForConsensus(tx, netuid),
        listSubmissionsInFlight(tx, netuid),
        listSnapshots(tx, netuid),
        listHotkeyChanges(tx, netuid),
        getKnownHeadBlock(tx, network, netuid),
        listReignRows(tx, netuid),
        listEmissionRows(tx, netuid),
        listHotkeySwaps(tx, netuid),
      ]);
    const latest = snapshots.at(-1);
    const permitted = latest ? await listPermittedValidators(tx, latest.id) : [];
    const stakes = new Map(permitted.map((v) => [v.hotkey, v.stakeRao]));
    const params = paramsAt(head ?? 0);

    const runsBySubmission = groupBy(runs, (r) => r.submissionId);
    const events: KingEvent[] = hotkeyChangedEvents(changes);
    const judged = rows.map((row) => {
      const consensus = submissionConsensus(
        runsBySubmission.get(row.id) ?? [],
        stakes,
        params.agreementTolerance,
      );
      const becameFinal = row.finalBlock === null && consensus.status !== "pending";
      const finalBlock = becameFinal ? Math.max(head ?? row.commitBlock, row.commitBlock) : row.finalBlock;
      const finalAt = row.finalAt ?? (finalBlock === null ? null : now);
      const event = judgedEvent(row, finalBlock, consensus);
      if (event) events.push(event);
      return { row, consensus, final: { block: finalBlock, at: finalAt } };
    });
    const state = replay(followSwaps(events, swaps));

    const changedSubmissionIds: number[] = [];
    for (const { row, consensus, final } of judged) {
      const derived = deriveSubmission(
        consensus,
        state.verdicts[String(row.id)],
        final,
        inFlight.has(row.id),
      );
      if (sameDerived(row, derived)) continue;
      await updateSubmissionDerived(tx, row.id, derived, now);
      changedSubmissionIds.push(row.id);
    }

    const timeAt = blockTimes(snapshots, judged, params.blockSeconds, now);
    const kingUids = [...new Set(state.reigns.map((r) => r.uid))];
    // Registration and start snapshots repeat the last epoch's Emission: only epoch snapshots are paid.
    const epochSnapshots = snapshots.filter((s) => s.kind === "epoch");
    const epochs = epochEmissions(epochSnapshots, await listUidEmissions(tx, netuid, kingUids));
    const reignsChanged = await syncReigns(
      tx,
      storedReigns,
      reignValues(netuid, state.reigns, epochs, timeAt),
    );
    const emissionsChanged = await syncEmissions(
      tx,
      netuid,
      storedEmissions,
      emissionValues(netuid, epochSnapshots, state.reigns, epochs),
    );

    const previousKing = storedReigns.find((r) => r.toBlock === null)?.submissionId ?? null;
    const kingSubmissionId = state.king === null ? null : Number(state.king.id);
    const kingChanged = previousKing !== kingSubmissionId;
    // Published inside the transaction: NOTIFY is delivered on commit, and never for a rolled-back recompute.
    if (kingChanged) await publishChange(tx, { type: "king", submissionId: kingSubmissionId });
    if (changedSubmissionIds.length > 0) {
      await publishChange(tx, { type: "standings", changedSubmissionIds });
    }
    return { kingSubmissionId, kingChanged, changedSubmissionIds, reignsChanged, emissionsChanged };
  });
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

/** Snapshot times are chain block times, so they go first; a verdict's first-seen time fills the gaps. */
function blockTimes(
  snapshots: readonly { blockNumber: number; blockTime: Date }[],
  judged: readonly { final: { block: number | null; at: Date | null } }[],
  blockSeconds: number,
  now: Date,
): (block: number) => Date {
  const known: KnownBlockTime[] = snapshots.map((s) => ({ block: s.blockNumber, time: s.blockTime }));
  for (const { final } of judged) {
    if (final.block !== null && final.at !== null) known.push({ block: final.block, time: final.at });
  }
  const estimate = blockTimeEstimator(known, blockSeconds);
  return (block) => estimate(block) ?? now;
}
