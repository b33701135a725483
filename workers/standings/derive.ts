import type { SubmissionDerived, EmissionValues, ReignValues } from "@/db/queries/standings-write";
import type { SnapshotRow } from "@/db/queries/standings";
import { snapshotPrice } from "@/lib/chain/pool-price";
import { reignEmission, taoValueRao, type EmissionTotal, type EpochEmission } from "@/lib/protocol/emissions";
import type { Reign, Standing } from "@/lib/protocol/king-state";
import type { ConsensusAgreement } from "@/db/schema";
import type { Finality } from "@/lib/protocol/finality";
import type { Judging } from "@/lib/protocol/judging";
import type { VerdictFigures } from "./consensus";

// Turns the consensus and the replayed king state into rows. Pure, so the arithmetic is testable without a
// database and the recompute is only load → derive → write.

/** What a submission's row records of its standing. */
export type StoredStanding = Pick<Standing, "kind" | "againstKingId" | "threshold">;

export interface SubmissionFacts {
  readonly finality: Finality;
  readonly judging: Judging | undefined;
  /** The king state machine's standing, once judged. */
  readonly standing: StoredStanding | undefined;
  readonly duplicateOf: number | null;
  readonly figures: VerdictFigures;
  readonly agreement: ConsensusAgreement[];
  readonly inFlight: boolean;
  readonly finalAt: Date | null;
  /** The quorum fraction in force at the block of the last check. */
  readonly quorum: number;
}

export function deriveSubmission(f: SubmissionFacts): SubmissionDerived {
  const duplicate = f.duplicateOf !== null;
  const final = f.finality.status === "final" ? f.finality : null;
  const verdict = final?.verdict;
  const failed = verdict?.status === "failed";
  // A copy is disqualified by the explorer itself from its commit on: shown as a failure with the explorer's
  // reason and a board score of 0, whether or not (and whatever) a validator measured.
  const open = f.inFlight ? "evaluating" : "pending";
  const status = duplicate ? "failed" : final === null ? open : failed ? "failed" : "scored";
  const score = duplicate ? 0 : final === null ? null : verdict?.status !== "scored" ? 0 : verdict.score;
  const judged = f.judging?.status === "judged" ? f.judging : null;
  const waiting = f.judging?.status === "waiting" ? f.judging : null;
  return {
    status,
    consensusScore: score,
    consensusTtftImprovement: f.figures.ttftImprovement,
    consensusThroughputImprovement: f.figures.throughputImprovement,
    consensusTokenMatchRate: f.figures.tokenMatchRate,
    consensusTtftMs: f.figures.ttftMs,
    consensusThroughputTps: f.figures.throughputTps,
    consensusRuns: f.agreement,
    failureReason: duplicate ? "duplicate" : verdict?.status === "failed" ? verdict.reason : null,
    validatorsAgreeing: f.agreement.filter((a) => a.agrees === true).length,
    validatorsTotal: f.agreement.filter((a) => a.agrees !== null).length,
    finalBlock: final?.block ?? null,
    finalAt: final === null ? null : f.finalAt,
    standing: f.standing?.kind ?? (duplicate ? "duplicate" : null),
    judgedAgainstId: f.standing?.againstKingId ?? null,
    judgedThreshold: f.standing?.threshold ?? null,
    duplicateOfId: f.duplicateOf,
    finality:
      final === null
        ? {
            status: "pending",
            quorum: f.quorum,
            quorumStakeRao: f.finality.quorumStake.toString(),
            activeStakeRao: f.finality.activeStake.toString(),
            firstCountedBlock: f.finality.status === "pending" ? f.finality.firstCountedBlock : null,
            timeoutBlock: f.finality.status === "pending" ? f.finality.timeoutBlock : null,
          }
        : {
            status: "final",
            how: final.how,
            block: final.block,
            quorum: f.quorum,
            quorumStakeRao: final.quorumStake.toString(),
            activeStakeRao: final.activeStake.toString(),
            countedRuns: final.countedRunIds.map((runId) => ({
              runId,
              validatorHotkey: final.countedValidators.get(runId) ?? "",
              stakeRao: (final.countedStakes.get(runId) ?? 0n).toString(),
            })),
            verdict:
              final.verdict.status === "failed"
                ? { status: "failed", reason: final.verdict.reason }
                : { status: "scored", score: final.verdict.status === "scored" ? final.verdict.score : 0 },
            after: { ...final.after },
            judgedBlock: judged?.block ?? null,
            waitedForId: judged?.waitedFor ?? waiting?.waitingFor ?? null,
            waitUntilBlock: waiting?.untilBlock ?? null,
          },
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

/** What a reign's king was paid (db/queries/standings sumReignEmissions), by `${fromBlock}/${submissionId}`. */
export type ReignTotals = ReadonlyMap<string, EmissionTotal>;

const NOTHING_PAID: EmissionTotal = { alphaRao: 0n, taoRao: 0n, epochs: 0, epochsWithoutPrice: 0 };

export function reignValues(
  netuid: number,
  reigns: readonly Reign[],
  totals: ReignTotals,
  timeAt: (block: number) => Date,
): ReignValues[] {
  return reigns.map((r) => {
    const paid = totals.get(`${r.fromBlock}/${r.submissionId}`) ?? NOTHING_PAID;
    return {
      netuid,
      submissionId: r.submissionId,
      hotkey: r.hotkey,
      uid: r.uid,
      score: r.score,
      fromBlock: r.fromBlock,
      fromTime: timeAt(r.fromBlock),
      toBlock: r.toBlock,
      toTime: r.toBlock === null ? null : timeAt(r.toBlock),
      thresholdBeaten: r.thresholdBeaten,
      previousSubmissionId: r.previousSubmissionId,
      previousScore: r.previousScore,
      endReason: r.endReason,
      endedBySubmissionId: r.endedBySubmissionId,
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
      priceSource: s.priceSource,
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
        kingSubmissionId: reign.submissionId,
        kingUid: reign.uid,
        emissionRao: paid.alphaRao,
        taoValueRao: price === null ? null : taoValueRao(paid.alphaRao, price),
      };
    }
    return { ...base, kingSubmissionId: null, kingUid: null, emissionRao: 0n, taoValueRao: 0n };
  });
}
