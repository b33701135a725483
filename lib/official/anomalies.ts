import { scoreToBeat } from "@/lib/protocol/margin";
import type { ProtocolParams } from "@/lib/protocol/params";
import type { OfficialCrowning, OfficialEvaluation, OfficialKing } from "./records";

/**
 * Checks nobody else makes: what the subnet's validator publishes against the chain and against its own
 * published rule. Each returns the anomalies it finds; none is ever hidden or resolved silently.
 */
export type AnomalyKind =
  | "king_not_top_incentive"
  | "disqualified_holds_weight"
  | "commitment_never_on_chain"
  | "commitment_digest_differs"
  | "threshold_off_rule";

export interface Anomaly {
  kind: AnomalyKind;
  /** The hotkey the anomaly is about, so the submission and miner pages can show it. */
  hotkey: string | null;
  uid: number | null;
  block: number | null;
  message: string;
}

export interface NeuronIncentive {
  uid: number;
  hotkey: string;
  /** Fraction in [0, 1]. */
  incentive: number;
}

/**
 * The official king against the chain's incentive at the latest snapshot: the validator sets one-hot weights
 * on its king, so the UID with the highest incentive should be the king's, under the king's hotkey.
 */
export function checkKingIncentive(
  king: OfficialKing | null,
  neurons: readonly NeuronIncentive[],
  snapshotBlock: number | null,
): Anomaly[] {
  if (neurons.length === 0) return [];
  const top = neurons.reduce<NeuronIncentive | null>(
    (best, n) => (n.incentive > 0 && (!best || n.incentive > best.incentive) ? n : best),
    null,
  );
  if (!king) {
    if (!top) return [];
    return [
      {
        kind: "king_not_top_incentive",
        hotkey: top.hotkey,
        uid: top.uid,
        block: snapshotBlock,
        message: `The validator publishes no king, yet UID ${top.uid} holds ${pct(top.incentive)} of the incentive.`,
      },
    ];
  }
  const atKingUid = neurons.find((n) => n.uid === king.uid);
  if (atKingUid && atKingUid.hotkey !== king.hotkey) {
    return [
      {
        kind: "king_not_top_incentive",
        hotkey: king.hotkey,
        uid: king.uid,
        block: snapshotBlock,
        message: `UID ${king.uid} is no longer the official king's hotkey on chain: it was deregistered or recycled.`,
      },
    ];
  }
  if (!top || top.uid !== king.uid) {
    return [
      {
        kind: "king_not_top_incentive",
        hotkey: king.hotkey,
        uid: king.uid,
        block: snapshotBlock,
        message: top
          ? `The official king is UID ${king.uid}, but UID ${top.uid} holds the highest incentive (${pct(top.incentive)}).`
          : `The official king is UID ${king.uid}, but no UID holds any incentive.`,
      },
    ];
  }
  return [];
}

/** An evaluation that disqualified a submission whose UID (same hotkey) still holds incentive. */
export function checkDisqualifiedWeight(
  evaluations: readonly OfficialEvaluation[],
  neurons: readonly NeuronIncentive[],
  snapshotBlock: number | null,
): Anomaly[] {
  const latest = latestPerHotkey(evaluations);
  const out: Anomaly[] = [];
  for (const e of latest) {
    if (!e.disqualified) continue;
    const neuron = neurons.find((n) => n.uid === e.uid && n.hotkey === e.hotkey);
    if (!neuron || !(neuron.incentive > 0)) continue;
    out.push({
      kind: "disqualified_holds_weight",
      hotkey: e.hotkey,
      uid: e.uid,
      block: snapshotBlock,
      message: `UID ${e.uid} was disqualified (${e.disqualifyReason ?? "no reason given"}) at block ${e.evaluationBlock} yet holds ${pct(neuron.incentive)} of the incentive.`,
    });
  }
  return out;
}

export interface ChainCommitment {
  hotkey: string;
  commitBlock: number;
  /** null when the commitment did not parse. */
  digest: string | null;
}

/**
 * An evaluation of a commitment the chain never had, or of a different digest. Only judged where the chain is
 * known: an evaluation of a commitment older than the first ingested block is not checkable.
 */
export function checkCommitments(
  evaluations: readonly OfficialEvaluation[],
  commitments: readonly ChainCommitment[],
  firstIngestedBlock: number | null,
  lastIngestedBlock: number | null,
): Anomaly[] {
  if (firstIngestedBlock === null || lastIngestedBlock === null) return [];
  const out: Anomaly[] = [];
  for (const e of evaluations) {
    if (e.commitBlock < firstIngestedBlock || e.commitBlock > lastIngestedBlock) continue;
    const ofHotkey = commitments.filter((c) => c.hotkey === e.hotkey);
    if (ofHotkey.length === 0) {
      out.push({
        kind: "commitment_never_on_chain",
        hotkey: e.hotkey,
        uid: e.uid,
        block: e.evaluationBlock,
        message: `Evaluated at block ${e.evaluationBlock}, a commitment of ${e.hotkey} at block ${e.commitBlock} that the chain never had.`,
      });
      continue;
    }
    if (e.digest !== null && !ofHotkey.some((c) => c.digest === e.digest)) {
      out.push({
        kind: "commitment_digest_differs",
        hotkey: e.hotkey,
        uid: e.uid,
        block: e.evaluationBlock,
        message: `Evaluated digest ${e.digest}, which no commitment of this hotkey on chain names.`,
      });
    }
  }
  return out;
}

/**
 * Each crowning's threshold against the published rule: 0 with no previous king, else the previous king's score
 * × (1 + ε(age)), age counted from the previous king's own crowning block.
 */
export function checkThresholds(
  history: readonly OfficialCrowning[],
  params: (block: number) => Pick<ProtocolParams, "epsilon0" | "decayBlocks">,
  tolerance = 1e-6,
): Anomaly[] {
  const sorted = [...history].sort((a, b) => a.block - b.block);
  const out: Anomaly[] = [];
  sorted.forEach((entry, i) => {
    if (entry.threshold === null) return;
    let expected: number;
    if (entry.prevHotkey === null || entry.prevScore === null) {
      expected = 0;
    } else {
      const crowned = sorted
        .slice(0, i)
        .reverse()
        .find((c) => c.hotkey === entry.prevHotkey);
      if (!crowned) return; // the previous king's crowning predates the history we have: not checkable
      expected = scoreToBeat(entry.prevScore, entry.block - crowned.block, params(entry.block));
    }
    if (Math.abs(entry.threshold - expected) > tolerance * Math.max(1, Math.abs(expected))) {
      out.push({
        kind: "threshold_off_rule",
        hotkey: entry.hotkey,
        uid: entry.uid,
        block: entry.block,
        message: `Crowned at block ${entry.block} over a threshold of ${entry.threshold.toFixed(6)}; the published rule gives ${expected.toFixed(6)}.`,
      });
    }
  });
  return out;
}

function latestPerHotkey(evaluations: readonly OfficialEvaluation[]): OfficialEvaluation[] {
  const byHotkey = new Map<string, OfficialEvaluation>();
  for (const e of evaluations) {
    const seen = byHotkey.get(e.hotkey);
    if (!seen || e.evaluationBlock > seen.evaluationBlock) byHotkey.set(e.hotkey, e);
  }
  return [...byHotkey.values()];
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
