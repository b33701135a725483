// System.Events -> the subnet events the explorer reacts to. Events of other pallets are normal and ignored;
// a known event whose fields do not match the layout below is a layout change and throws.
// Epoch events (subtensor pallets/subtensor/src/macros/events.rs, finney spec 424 variants 0, 52, 132, 133):
// `NetworkAdded(netuid, modality)` and `TempoSet(netuid, tempo)` (both also write LastEpochBlock), `EpochDeferred { netuid, from_block, to_block }` (the per-block cap
// `MaxEpochsPerBlock` moved the slot to the next block) and `EpochSkipped { netuid, block }` (the slot was
// consumed but `is_epoch_input_state_consistent` failed, so no emission was written).
import { GenericEvent } from "@polkadot/types";
import type { Codec } from "@polkadot/types/types";
import { ChainLayoutError, asAccount, asBigInt, asList, asNumber, asStruct, field } from "./codec";

export type SubnetEvent =
  | { kind: "commitment"; netuid: number; who: string }
  | { kind: "timelock-commitment"; netuid: number; who: string; revealRound: bigint }
  | { kind: "commitment-revealed"; netuid: number; who: string }
  | { kind: "neuron-registered"; netuid: number; uid: number; hotkey: string }
  | { kind: "runtime-upgraded" }
  | { kind: "network-added"; netuid: number }
  | { kind: "tempo-set"; netuid: number; tempo: number }
  | { kind: "epoch-deferred"; netuid: number; fromBlock: number; toBlock: number }
  | { kind: "epoch-skipped"; netuid: number; block: number };

function args(event: GenericEvent, where: string, count: number): Codec[] {
  const data = [...event.data] as Codec[];
  if (data.length !== count) throw new ChainLayoutError(where, `${count} event fields`, event.data);
  return data;
}

export function decodeSubnetEvent(event: GenericEvent): SubnetEvent | null {
  const where = `${event.section}.${event.method}`;
  switch (where) {
    case "commitments.Commitment":
    case "commitments.CommitmentRevealed": {
      const [netuid, who] = args(event, where, 2) as [Codec, Codec];
      return {
        kind: event.method === "Commitment" ? "commitment" : "commitment-revealed",
        netuid: asNumber(netuid, `${where}.netuid`),
        who: asAccount(who, `${where}.who`),
      };
    }
    case "commitments.TimelockCommitment": {
      const [netuid, who, round] = args(event, where, 3) as [Codec, Codec, Codec];
      return {
        kind: "timelock-commitment",
        netuid: asNumber(netuid, `${where}.netuid`),
        who: asAccount(who, `${where}.who`),
        revealRound: asBigInt(round, `${where}.reveal_round`),
      };
    }
    case "subtensorModule.NeuronRegistered": {
      const [netuid, uid, hotkey] = args(event, where, 3) as [Codec, Codec, Codec];
      return {
        kind: "neuron-registered",
        netuid: asNumber(netuid, `${where}.0`),
        uid: asNumber(uid, `${where}.1`),
        hotkey: asAccount(hotkey, `${where}.2`),
      };
    }
    case "subtensorModule.NetworkAdded": {
      const [netuid] = args(event, where, 2) as [Codec, Codec];
      return { kind: "network-added", netuid: asNumber(netuid, `${where}.0`) };
    }
    case "subtensorModule.TempoSet": {
      const [netuid, tempo] = args(event, where, 2) as [Codec, Codec];
      return {
        kind: "tempo-set",
        netuid: asNumber(netuid, `${where}.0`),
        tempo: asNumber(tempo, `${where}.1`),
      };
    }
    case "subtensorModule.EpochDeferred": {
      const [netuid, from, to] = args(event, where, 3) as [Codec, Codec, Codec];
      return {
        kind: "epoch-deferred",
        netuid: asNumber(netuid, `${where}.netuid`),
        fromBlock: asNumber(from, `${where}.from_block`),
        toBlock: asNumber(to, `${where}.to_block`),
      };
    }
    case "subtensorModule.EpochSkipped": {
      const [netuid, block] = args(event, where, 2) as [Codec, Codec];
      return {
        kind: "epoch-skipped",
        netuid: asNumber(netuid, `${where}.netuid`),
        block: asNumber(block, `${where}.block`),
      };
    }
    case "system.CodeUpdated":
      return { kind: "runtime-upgraded" };
    default:
      return null;
  }
}

// Accepts `api.query.system.events()` (Vec<EventRecord>) at one block.
export function decodeSubnetEvents(records: Codec): SubnetEvent[] {
  return asList(records, "System.Events").flatMap((record, i) => {
    const where = `System.Events[${i}]`;
    const event = field(asStruct(record, where, ["event"]), "event", where);
    if (!(event instanceof GenericEvent))
      throw new ChainLayoutError(`${where}.event`, "a runtime event", event);
    const decoded = decodeSubnetEvent(event);
    return decoded ? [decoded] : [];
  });
}
