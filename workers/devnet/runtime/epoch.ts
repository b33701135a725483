// The subnet epoch as the devnet approximates Yuma: no weights matrix, but the same outputs the explorer
// reads (per-UID Emission, Incentive, Dividends, the price pools) written at finney's epoch blocks.
import { decodeU16, decodeU64 } from "@/lib/chain/subnet";
import { readVector, subnetSize, hotkeyOf } from "./subtensor";
import type { State } from "./state";

const SM = "SubtensorModule";
const U16_MAX = 65_535;
// The subnet owner keeps 18% (InitialSubnetOwnerCut = 11796 / 65535); miners and validators split the rest.
const OWNER_CUT_PER_MILLE = 180n;

export interface EpochConfig {
  // Alpha (RAO) the subnet emits per block.
  alphaPerBlock: bigint;
  // Relative miner weights by UID, as the validators' consensus would set them (the king gets 1).
  minerWeights: ReadonlyMap<number, number>;
}

// subtensor runs a subnet's epoch at blocks where (block + netuid + 1) % (tempo + 1) == 0.
export function isEpochBlock(block: number, netuid: number, tempo: number): boolean {
  return tempo > 0 && (block + netuid + 1) % (tempo + 1) === 0;
}

export function nextEpochBlock(after: number, netuid: number, tempo: number): number | null {
  if (tempo === 0) return null;
  const rem = (after + 1 + netuid + 1) % (tempo + 1);
  return after + 1 + (rem === 0 ? 0 : tempo + 1 - rem);
}

// Floor shares of the total by weight; the rounding dust stays unemitted.
function split(total: bigint, weights: readonly number[]): bigint[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map(() => 0n);
  const scale = 1_000_000_000n;
  return weights.map((w) => (total * BigInt(Math.round((w / sum) * Number(scale)))) / scale);
}

function toU16Shares(values: readonly bigint[]): number[] {
  const max = values.reduce((a, b) => (b > a ? b : a), 0n);
  return values.map((v) => (max === 0n ? 0 : Number((v * BigInt(U16_MAX)) / max)));
}

export function runEpoch(state: State, netuid: number, block: number, config: EpochConfig): void {
  const n = subnetSize(state, netuid);
  const tempo = decodeU16(state.value(SM, "Tempo", [netuid]));
  const emitted = config.alphaPerBlock * BigInt(tempo + 1);
  const shared = emitted - (emitted * OWNER_CUT_PER_MILLE) / 1000n;
  const minerPool = shared / 2n;
  const validatorPool = shared - minerPool;

  const permits = readVector(state, netuid, "ValidatorPermit", "bool");
  const uids = Array.from({ length: n }, (_, uid) => uid);
  const minerWeights = uids.map((uid) => Math.max(0, config.minerWeights.get(uid) ?? 0));
  const stakes = uids.map((uid) =>
    permits[uid] === true
      ? decodeU64(state.value(SM, "TotalHotkeyAlpha", [hotkeyOf(state, netuid, uid), netuid]))
      : 0n,
  );
  const totalStake = stakes.reduce((a, b) => a + b, 0n);
  // With no stake at all, permitted validators share equally so the demo still pays dividends.
  const validatorWeights = uids.map((uid) =>
    permits[uid] !== true ? 0 : totalStake > 0n ? Number(((stakes[uid] ?? 0n) * 1_000_000n) / totalStake) : 1,
  );
  const incentive = split(minerPool, minerWeights);
  const dividends = split(validatorPool, validatorWeights);
  const emission = uids.map((uid) => (incentive[uid] ?? 0n) + (dividends[uid] ?? 0n));
  const incentiveShares = toU16Shares(incentive);

  state.put(SM, "Emission", [netuid], emission);
  state.put(SM, "Incentive", [netuid], incentiveShares);
  state.put(SM, "Consensus", [netuid], incentiveShares);
  state.put(SM, "Dividends", [netuid], toU16Shares(dividends));
  state.put(
    SM,
    "Active",
    [netuid],
    uids.map(() => true),
  );
  state.put(SM, "LastMechansimStepBlock", [netuid], block);
  state.put(SM, "BlocksSinceLastStep", [netuid], 0);
  const alphaOut = decodeU64(state.value(SM, "SubnetAlphaOut", [netuid]));
  state.put(SM, "SubnetAlphaOut", [netuid], alphaOut + emitted);
  updateMovingPrice(state, netuid);
}

// The explorer may price alpha by SubnetTAO / SubnetAlphaIn or by the moving price; the devnet keeps the
// moving price equal to the spot price at each epoch. I96F32: the price times 2^32, as raw bits.
export function updateMovingPrice(state: State, netuid: number): void {
  const tao = decodeU64(state.value(SM, "SubnetTAO", [netuid]));
  const alpha = decodeU64(state.value(SM, "SubnetAlphaIn", [netuid]));
  const bits = alpha === 0n ? 0n : (tao << 32n) / alpha;
  state.put(SM, "SubnetMovingPrice", [netuid], { bits });
}

export function stepBlock(state: State, netuid: number): void {
  const since = decodeU64(state.value(SM, "BlocksSinceLastStep", [netuid]));
  state.put(SM, "BlocksSinceLastStep", [netuid], since + 1n);
}
