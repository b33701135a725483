import type { ProtocolParams } from "./params";

// The margin a challenger must beat the king by: ε(age) = ε0 × max(0, 1 − age / decay_blocks). It protects
// a fresh king from measurement noise and decays so a stale king can be overtaken by any real improvement.

type MarginParams = Pick<ProtocolParams, "epsilon0" | "decayBlocks">;

/** ε at `ageBlocks` after the coronation; a negative or NaN age counts as 0 (the full margin). */
export function epsilonAt(ageBlocks: number, params: MarginParams): number {
  if (!(params.decayBlocks > 0)) return 0;
  const age = ageBlocks > 0 ? ageBlocks : 0;
  return params.epsilon0 * Math.max(0, 1 - age / params.decayBlocks);
}

/** king_score × (1 + ε(age)); a challenger must strictly exceed it. */
export function scoreToBeat(kingScore: number, ageBlocks: number, params: MarginParams): number {
  return kingScore * (1 + epsilonAt(ageBlocks, params));
}

/** The first block at which ε is 0. */
export function blockWhenMarginZero(crownedBlock: number, params: MarginParams): number {
  return crownedBlock + params.decayBlocks;
}

/** Whether a challenger's consensus score crowns it; 0, non-finite or negative scores never do. */
export function beatsKing(
  challengerScore: number,
  kingScore: number,
  ageBlocks: number,
  params: MarginParams,
): boolean {
  if (!Number.isFinite(challengerScore) || challengerScore <= 0) return false;
  return challengerScore > scoreToBeat(kingScore, ageBlocks, params);
}
