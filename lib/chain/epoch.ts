// Whether a subnet's epoch ran in a block, decided from what the chain says in that block (protocol.md
// "Emissions"), never from a schedule the explorer computes.
//
// Stateful scheduling (subtensor "dynamic tempo", finney spec 423 on; spec 424's metadata has every item):
// `run_coinbase::drain_pending` runs a due epoch in `on_initialize` and then writes
// `SubtensorModule.LastEpochBlock[netuid] = current_block`, so an epoch slot was consumed in block b exactly
// when LastEpochBlock equals b in b's state. That covers the period-`tempo` schedule, an owner-triggered epoch
// (`PendingEpochAt`) and a slot the per-block cap deferred (`EpochDeferred`: it runs, and is found, in the next
// block). A consumed slot whose inputs were inconsistent emits `EpochSkipped` and writes no emission. The owner's
// `set_tempo` (a cycle reset, `TempoSet`) and `register_network` (`NetworkAdded`, when the netuid's stagger is 0)
// also write LastEpochBlock = b without running an epoch: in such a
// block only `SubnetEpochIndex` (incremented once per consumed slot) tells the two apart.
//
// Older runtimes (no LastEpochBlock) scheduled the epoch where subtensor's own `blocks_until_next_epoch` is 0,
// (block + netuid + 1) % (tempo + 1) == tempo, and their run_coinbase wrote
// `SubtensorModule.LastMechansimStepBlock[netuid] = current_block` when it ran it: that state is read where the
// runtime has it (the real spec-218 runtime does not keep to the schedule), the rule only where it has neither.
import type { SubnetEvent } from "./events";

export type EpochOutcome =
  /** The epoch ran and wrote a new Emission. */
  | "ran"
  /** The slot was consumed (EpochSkipped) but no emission was written. */
  | "skipped"
  /** No epoch in this block. */
  | "none";

export interface EpochEvidence {
  block: number;
  netuid: number;
  /** Tempo in the block's state. */
  tempo: number;
  /** LastEpochBlock[netuid] in the block's state; null when the runtime has no such item. */
  lastEpochBlock: number | null;
  /** LastMechansimStepBlock[netuid] in the block's state, read where LastEpochBlock is missing; else null. */
  lastStepBlock?: number | null;
  events: readonly SubnetEvent[];
  /**
   * Whether SubnetEpochIndex[netuid] advanced from the parent's state; asked only in a block that both set the
   * tempo and has LastEpochBlock == block (see `needsEpochIndex`). Undefined when not known.
   */
  epochIndexAdvanced?: boolean;
}

/** The rule of runtimes before stateful scheduling: subtensor's `blocks_until_next_epoch(...) == 0`. */
export function isLegacyEpochBlock(block: number, netuid: number, tempo: number): boolean {
  return tempo > 0 && (block + netuid + 1) % (tempo + 1) === tempo;
}

/** Events that write LastEpochBlock = block without running an epoch. */
function scheduleReset(e: Omit<EpochEvidence, "epochIndexAdvanced">): boolean {
  return e.events.some(
    (ev) => (ev.kind === "tempo-set" || ev.kind === "network-added") && ev.netuid === e.netuid,
  );
}

/** True when LastEpochBlock alone cannot tell an epoch from a schedule reset in this block. */
export function needsEpochIndex(e: Omit<EpochEvidence, "epochIndexAdvanced">): boolean {
  return e.lastEpochBlock === e.block && scheduleReset(e);
}

export function epochOutcome(e: EpochEvidence): EpochOutcome {
  // Genesis executes no block hooks; its state only holds the defaults.
  if (e.block === 0) return "none";
  if (e.lastEpochBlock === null) {
    if (e.lastStepBlock !== undefined && e.lastStepBlock !== null)
      return e.lastStepBlock === e.block ? "ran" : "none";
    return isLegacyEpochBlock(e.block, e.netuid, e.tempo) ? "ran" : "none";
  }
  if (e.lastEpochBlock !== e.block) return "none";
  // A schedule reset wrote LastEpochBlock too: the epoch ran only if the slot counter moved.
  if (scheduleReset(e) && e.epochIndexAdvanced !== true) return "none";
  const skipped = e.events.some(
    (ev) => ev.kind === "epoch-skipped" && ev.netuid === e.netuid && ev.block === e.block,
  );
  return skipped ? "skipped" : "ran";
}
