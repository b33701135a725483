// A hotkey swap as subtensor's do_swap_hotkey does it on one subnet (perform_hotkey_swap_on_one_subnet): the
// UID stays, with its registration block and per-UID vectors; Keys, Uids, IsNetworkMember, the hotkey's
// owner and its stake move to the new hotkey. Commitments (pallet_commitments) do not move. The event is
// SubtensorModule.HotkeySwapped { coldkey, old_hotkey, new_hotkey }, finney's variant 66.
import { decodeAccount } from "@/lib/chain/subnet";
import { rejected } from "../errors";
import type { Deposit } from "./events";
import type { State } from "./state";
import { uidOf } from "./subtensor";

const SM = "SubtensorModule";

export interface HotkeySwap {
  netuid: number;
  coldkey: string;
  oldHotkey: string;
  newHotkey: string;
}

/** Answers the UID that moved. */
export function swapHotkey(state: State, swap: HotkeySwap, deposit: Deposit): number {
  const { netuid, coldkey, oldHotkey, newHotkey } = swap;
  if (oldHotkey === newHotkey) throw rejected("the new hotkey is the old one");
  const owner = state.get(SM, "Owner", [oldHotkey]);
  if (owner === null || decodeAccount(owner) !== coldkey)
    throw rejected(`${coldkey} does not own ${oldHotkey}`);
  if (state.has(SM, "Uids", [netuid, newHotkey]))
    throw rejected(`${newHotkey} is already registered on subnet ${netuid}`);
  const uid = uidOf(state, netuid, oldHotkey);
  if (uid === null) throw rejected(`${oldHotkey} is not registered on subnet ${netuid}`);
  state.remove(SM, "Uids", [netuid, oldHotkey]);
  state.put(SM, "Uids", [netuid, newHotkey], uid);
  state.put(SM, "Keys", [netuid, uid], newHotkey);
  state.remove(SM, "IsNetworkMember", [oldHotkey, netuid]);
  state.put(SM, "IsNetworkMember", [newHotkey, netuid], true);
  state.remove(SM, "Owner", [oldHotkey]);
  state.put(SM, "Owner", [newHotkey], coldkey);
  const owned = state.value(SM, "OwnedHotkeys", [coldkey]).toJSON();
  const hotkeys = (Array.isArray(owned) ? owned.map(String) : []).filter((h) => h !== oldHotkey);
  state.put(SM, "OwnedHotkeys", [coldkey], [...hotkeys, newHotkey]);
  const alpha = state.get(SM, "TotalHotkeyAlpha", [oldHotkey, netuid]);
  if (alpha !== null) {
    state.remove(SM, "TotalHotkeyAlpha", [oldHotkey, netuid]);
    state.put(SM, "TotalHotkeyAlpha", [newHotkey, netuid], alpha);
  }
  deposit({ SubtensorModule: { HotkeySwapped: { coldkey, old_hotkey: oldHotkey, new_hotkey: newHotkey } } });
  return uid;
}
