// A subnet dissolved and its netuid registered again (subtensor's remove_network, then do_register_network):
// the netuid is the same, the subnet is not. Its neurons, stake and per-UID vectors go with the old subnet;
// the new one starts empty with a new NetworkRegisteredAt.
import { decodeU16 } from "@/lib/chain/subnet";
import { rejected } from "../errors";
import type { State } from "./state";
import type { Deposit } from "./events";
import { createSubnet, hotkeyOf, subnetSize, VECTORS, type SubnetGenesis } from "./subtensor";

const SM = "SubtensorModule";

export function dissolveNetwork(state: State, netuid: number): void {
  if (!state.has(SM, "NetworksAdded", [netuid])) throw rejected(`subnet ${netuid} does not exist`);
  for (let uid = 0; uid < subnetSize(state, netuid); uid++) {
    const hotkey = hotkeyOf(state, netuid, uid);
    state.remove(SM, "Keys", [netuid, uid]);
    state.remove(SM, "Uids", [netuid, hotkey]);
    state.remove(SM, "BlockAtRegistration", [netuid, uid]);
    state.remove(SM, "IsNetworkMember", [hotkey, netuid]);
    state.remove(SM, "TotalHotkeyAlpha", [hotkey, netuid]);
  }
  for (const [item] of VECTORS) state.remove(SM, item, [netuid]);
  for (const item of ["NetworksAdded", "NetworkRegisteredAt", "SubnetworkN", "SubnetOwner", "Tempo"])
    state.remove(SM, item, [netuid]);
  state.put(SM, "TotalNetworks", [], Math.max(0, decodeU16(state.value(SM, "TotalNetworks")) - 1));
}

/** Dissolves the subnet and registers a new one on its netuid at `block`. */
export function reRegisterNetwork(
  state: State,
  genesis: SubnetGenesis,
  block: number,
  stateful: boolean,
  deposit: Deposit,
): void {
  dissolveNetwork(state, genesis.netuid);
  createSubnet(state, genesis, block, stateful, deposit);
}
