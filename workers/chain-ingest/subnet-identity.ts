// Whether the netuid is still the subnet this database follows. A netuid is recycled: when a subnet is
// dissolved, a later registration gets the same netuid with a new SubtensorModule.NetworkRegisteredAt (the
// block of that registration; subtensor's do_register_network sets it, remove_network clears it). Blocks from
// that registration on are another subnet's history, never Cacheon's.
import { hexToBn } from "@polkadot/util";
import type { ChainLink } from "./chain-link";
import type { ChainRpc } from "./rpc";

/** NetworkRegisteredAt of the netuid at a block: null when the netuid is not registered there. */
export async function readRegisteredAt(
  link: ChainLink,
  rpc: ChainRpc,
  netuid: number,
  hash: string,
): Promise<number | null | "unknown"> {
  const item = link.api.query["subtensorModule"]?.["networkRegisteredAt"];
  // A runtime without the item (none that finney ever ran since dynamic TAO): nothing to check against.
  if (!item) return "unknown";
  const [value] = await rpc.storageAt([item.key(netuid)], hash);
  // An absent key is a netuid not registered (remove_network deletes it); a subnet of the genesis reads 0.
  if (!value) return null;
  return hexToBn(value, { isLe: true }).toNumber();
}

/** True when `seen` is a registration other than the one the database follows. */
export function isReRegistered(followed: number | null, seen: number | null): boolean {
  return followed !== null && seen !== null && seen !== followed;
}

export function reRegisteredMessage(netuid: number, followed: number, seen: number): string {
  return (
    `netuid ${netuid} was registered again at block #${seen} (the subnet this database follows was ` +
    `registered at #${followed}): a new subnet, not this one's history, so ingest stopped at #${seen - 1}. ` +
    "If the subnet moved, set NETUID to its new netuid; to follow the new subnet, use a new database."
  );
}
