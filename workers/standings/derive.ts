import type { SubmissionDerived, EmissionValues, ReignValues } from "@/db/queries/standings-write";
import type { SnapshotRow } from "@/db/queries/standings";
import { snapshotPriceOf as snapshotPrice } from "@/db/queries/snapshot-price";
import { reignEmission, taoValueRao, type EpochEmission } from "@/lib/protocol/emissions";
import type { Reign, Verdict } from "@/lib/protocol/king-state";
import type { SubmissionConsensus } from "./consensus";

// Turns the consensus and the replayed king state into rows. Pure, so the arithmetic is testable without a
// database and the recompute is only load → derive → write.

export function deriveSubmission(
  consensus: SubmissionConsensus,
  verdict: Verdict | undefined,
  final: { block: number | null; at: Date | null },
  inFlight: boolean,
): SubmissionDerived {
  const duplicate = verdict?.kind === "duplicate";
  const status =
    consensus.status === "pending"
      ? inFlight
        ? "evaluating"
        : "pending"
      : consensus.status === "failed" || duplicate
        ? "failed"
        : "scored";
  return {
    status,
    consensusScore: consensus.score,
    consensusTtftImprovement: consensus.ttftImprovement,
    consensusThroughputImprovement: consensus.throughputImprovement,
    consensusTokenMatchRate: consensus.tokenMatchRate,
    consensusTtftMs: consensus.ttftMs,
    consensusThroughputTps: consensus.throughputTps,
    consensusRuns: consensus.agreement,
    // A copy is disqualified by the explorer itself: shown as a failure with the explorer's reason.
    failureReason: duplicate ? "duplicate" : consensus.failureReason,
    validatorsAgreeing: consensus.validatorsAgreeing,
    validatorsTotal: consensus.validatorsTotal,
    finalBlock: final.block,
    finalAt: final.at,
    standing: verdict?.kind ?? null,
    judgedAgainstId: verdict?.againstKingId == null ? null : Number(verdict.againstKingId),
    judgedThreshold: verdict?.threshold ?? null,
  };
}

/** Every snapshot of the given UIDs' Emission, as lib/protocol's epochs. */
export function epochEmissions(
  snapshots: readonly SnapshotRow[],
  uidEmissions: readonly { snapshotId: number; uid: number; emissionRao: bigint }[],
): EpochEmission[] {
  const byId = new Map(snapshots.map((s) => [s.id, s]));
  return uidEmissions.flatMap((e) => {
    const s = byId.get(e.snapshotId);
    return s
      ? [{ block: s.blockNumber, uid: e.uid, emissionRao: e.emissionRao, price: snapshotPrice(s) }]
      : [];
  });
}

export function reignValues(
  netuid: number,
  reigns: readonly Reign[],
  epochs: readonly EpochEmission[],
  timeAt: (block: number) => Date,
): ReignValues[] {
  return reigns.map((r) => {
    const paid = reignEmission(epochs, r);
    return {
      netuid,
      submissionId: Number(r.submissionId),
      hotkey: r.hotkey,
      uid: r.uid,
      score: r.score,
      fromBlock: r.fromBlock,
      fromTime: timeAt(r.fromBlock),
      toBlock: r.toBlock,
      toTime: r.toBlock === null ? null : timeAt(r.toBlock),
      thresholdBeaten: r.thresholdBeaten,
      previousSubmissionId: r.previousKingId === null ? null : Number(r.previousKingId),
      previousScore: r.previousScore,
      endReason: r.endReason,
      endedBySubmissionId: r.endedBy === null ? null : Number(r.endedBy),
      alphaRao: paid.alphaRao,
      taoRao: paid.taoRao,
      epochs: paid.epochs,
      epochsWithoutPrice: paid.epochsWithoutPrice,
    };
  });
}

/**
 * One row per snapshot: what the UID of the king in force at that epoch received. Which reign an epoch
 * belongs to is decided by lib/protocol reignEmission (an epoch pays for the blocks before it), asked one
 * epoch at a time; an epoch with no king pays the king nothing.
 */
export function emissionValues(
  netuid: number,
  snapshots: readonly SnapshotRow[],
  reigns: readonly Reign[],
  epochs: readonly EpochEmission[],
): EmissionValues[] {
  const byBlockUid = new Map(epochs.map((e) => [`${e.block}/${e.uid}`, e]));
  return snapshots.map((s) => {
    const price = snapshotPrice(s);
    const base = {
      netuid,
      blockNumber: s.blockNumber,
      blockTime: s.blockTime,
      alphaPriceTao: s.alphaPriceTao,
      tempo: s.tempo,
    };
    for (const reign of reigns) {
      const epoch = byBlockUid.get(`${s.blockNumber}/${reign.uid}`) ?? {
        block: s.blockNumber,
        uid: reign.uid,
        emissionRao: 0n,
        price,
      };
      const paid = reignEmission([epoch], reign);
      if (paid.epochs === 0) continue;
      return {
        ...base,
        kingSubmissionId: Number(reign.submissionId),
        kingUid: reign.uid,
        emissionRao: paid.alphaRao,
        taoValueRao: price === null ? null : taoValueRao(paid.alphaRao, price),
      };
    }
    return { ...base, kingSubmissionId: null, kingUid: null, emissionRao: 0n, taoValueRao: 0n };
  });
}
