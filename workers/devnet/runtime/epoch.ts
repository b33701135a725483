// The subnet epoch as the devnet approximates Yuma: no weights matrix, but the same outputs the explorer
// reads (per-UID Emission, Incentive, Dividends, the price pools), scheduled as finney spec 424 schedules it
// (subtensor run_coinbase.rs `drain_pending` / `should_run_epoch`): a period of `tempo` from LastEpochBlock, an
// owner-triggered slot (PendingEpochAt), a slot deferred by the per-block cap (EpochDeferred) and a consumed
// slot that wrote nothing (EpochSkipped). Runtimes before that ran the epoch where
// (block + netuid + 1) % (tempo + 1) == tempo; the devnet can start on such a runtime ("legacy").
import { isLegacyEpochBlock } from "@/lib/chain/epoch";
import { decodeAccount, decodeU16, decodeU64 } from "@/lib/chain/subnet";
import { rejected } from "../errors";
import type { Deposit } from "./events";
import { readVector, subnetSize, hotkeyOf, stakeWeight } from "./subtensor";
import type { State } from "./state";

export type Scheduling = "stateful" | "legacy";

// subtensor's AdminFreezeWindow default: an owner-triggered epoch fires this many blocks after the call.
export const ADMIN_FREEZE_WINDOW = 10;
// subtensor's MAX_TEMPO: BlocksSinceLastStep past it forces an epoch.
const MAX_TEMPO = 50_400n;

/** One-shot faults for the next due slot, standing in for what other subnets and bad inputs cause on finney. */
export interface SlotFaults {
  // The per-block cap (MaxEpochsPerBlock) is full: the slot moves to the next block.
  defer: boolean;
  // is_epoch_input_state_consistent fails: the slot is consumed, nothing is emitted.
  skip: boolean;
}

export type SlotOutcome = "ran" | "deferred" | "skipped" | null;

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

/** The first legacy epoch block strictly after `after`. */
export function nextLegacyEpochBlock(after: number, netuid: number, tempo: number): number | null {
  if (tempo === 0) return null;
  let block = after + 1;
  while (!isLegacyEpochBlock(block, netuid, tempo)) block++;
  return block;
}

const u64 = (state: State, item: string, netuid: number) =>
  Number(decodeU64(state.value(SM, item, [netuid])));

/** subtensor's get_next_epoch_start_block: LastEpochBlock + tempo, or an earlier triggered slot. */
export function nextEpochStart(
  state: State,
  netuid: number,
  scheduling: Scheduling,
  block: number,
): number | null {
  const tempo = decodeU16(state.value(SM, "Tempo", [netuid]));
  if (tempo === 0) return null;
  if (scheduling === "legacy") return nextLegacyEpochBlock(block, netuid, tempo);
  const auto = u64(state, "LastEpochBlock", netuid) + tempo;
  const pending = u64(state, "PendingEpochAt", netuid);
  return pending > 0 ? Math.min(auto, pending) : auto;
}

/** subtensor's should_run_epoch under stateful scheduling. */
function shouldRunEpoch(state: State, netuid: number, block: number): boolean {
  const tempo = decodeU16(state.value(SM, "Tempo", [netuid]));
  if (tempo === 0) return false;
  const pending = u64(state, "PendingEpochAt", netuid);
  if (pending > 0 && block >= pending) return true;
  if (decodeU64(state.value(SM, "BlocksSinceLastStep", [netuid])) > MAX_TEMPO) return true;
  return block - u64(state, "LastEpochBlock", netuid) >= tempo;
}

/**
 * The subnet's epoch slot in this block's on_initialize, as drain_pending handles it: deferred (EpochDeferred,
 * PendingEpochAt = block + 1), skipped (EpochSkipped) or run; a consumed slot writes LastEpochBlock = block.
 */
export function epochSlot(
  state: State,
  netuid: number,
  block: number,
  scheduling: Scheduling,
  faults: SlotFaults,
  config: EpochConfig,
  deposit: Deposit,
): SlotOutcome {
  stepBlock(state, netuid);
  if (scheduling === "legacy") {
    const tempo = decodeU16(state.value(SM, "Tempo", [netuid]));
    if (!isLegacyEpochBlock(block, netuid, tempo)) return null;
    runEpoch(state, netuid, block, config);
    return "ran";
  }
  if (!shouldRunEpoch(state, netuid, block)) return null;
  if (faults.defer) {
    faults.defer = false;
    state.put(SM, "PendingEpochAt", [netuid], block + 1);
    deposit({ SubtensorModule: { EpochDeferred: { netuid, from_block: block, to_block: block + 1 } } });
    return "deferred";
  }
  let outcome: SlotOutcome = "ran";
  if (faults.skip) {
    faults.skip = false;
    deposit({ SubtensorModule: { EpochSkipped: { netuid, block } } });
    outcome = "skipped";
  } else runEpoch(state, netuid, block, config);
  state.put(SM, "LastEpochBlock", [netuid], block);
  state.put(SM, "PendingEpochAt", [netuid], 0);
  state.put(SM, "SubnetEpochIndex", [netuid], u64(state, "SubnetEpochIndex", netuid) + 1);
  return outcome;
}

/** The owner's trigger_epoch: the slot fires ADMIN_FREEZE_WINDOW blocks later. */
export function triggerEpoch(state: State, netuid: number, block: number, deposit: Deposit): number {
  if (u64(state, "PendingEpochAt", netuid) !== 0) throw rejected("EpochTriggerAlreadyPending");
  const tempo = decodeU16(state.value(SM, "Tempo", [netuid]));
  if (u64(state, "LastEpochBlock", netuid) + tempo - block < ADMIN_FREEZE_WINDOW)
    throw rejected("AutoEpochAlreadyImminent");
  const firesAt = block + ADMIN_FREEZE_WINDOW;
  state.put(SM, "PendingEpochAt", [netuid], firesAt);
  const by = decodeAccount(state.value(SM, "SubnetOwner", [netuid]));
  deposit({ SubtensorModule: { EpochTriggered: { netuid, by, fires_at: firesAt } } });
  return firesAt;
}

/** The owner's set_tempo (apply_tempo_with_cycle_reset): the schedule restarts from this block. */
export function setTempo(
  state: State,
  netuid: number,
  tempo: number,
  block: number,
  scheduling: Scheduling,
  deposit: Deposit,
): void {
  state.put(SM, "Tempo", [netuid], tempo);
  deposit({ SubtensorModule: { TempoSet: [netuid, tempo] } });
  if (scheduling === "stateful") state.put(SM, "LastEpochBlock", [netuid], block);
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
  // Pending emission accrues every block and is drained by the next epoch that runs (a skipped one keeps it).
  const blocks = decodeU64(state.value(SM, "BlocksSinceLastStep", [netuid]));
  const emitted = config.alphaPerBlock * blocks;
  const shared = emitted - (emitted * OWNER_CUT_PER_MILLE) / 1000n;
  const minerPool = shared / 2n;
  const validatorPool = shared - minerPool;

  const permits = readVector(state, netuid, "ValidatorPermit", "bool");
  const uids = Array.from({ length: n }, (_, uid) => uid);
  const minerWeights = uids.map((uid) => Math.max(0, config.minerWeights.get(uid) ?? 0));
  const stakes = uids.map((uid) =>
    permits[uid] === true ? stakeWeight(state, netuid, hotkeyOf(state, netuid, uid)) : 0n,
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

function stepBlock(state: State, netuid: number): void {
  const since = decodeU64(state.value(SM, "BlocksSinceLastStep", [netuid]));
  state.put(SM, "BlocksSinceLastStep", [netuid], since + 1n);
}
