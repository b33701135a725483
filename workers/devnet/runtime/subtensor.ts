// SubtensorModule as the devnet models it: one subnet created at genesis, neurons registered into UIDs
// (recycling a UID when the subnet is full, as deregistration does on finney), permits and alpha stake.
import {
  decodeAccount,
  decodeBoolVector,
  decodeU16,
  decodeU16Vector,
  decodeU64,
  decodeU64Vector,
  decodeUid,
} from "@/lib/chain/subnet";
import { stakeWeightRao } from "@/lib/chain/stake-weight";
import { rejected } from "../errors";
import type { Deposit } from "./events";
import type { State } from "./state";

const SM = "SubtensorModule";
type VectorKind = "bool" | "u16" | "u64";
// Per-UID vectors a registration appends to and a replacement resets, with the value a new UID starts at.
export const VECTORS: readonly [string, VectorKind, boolean | number][] = [
  ["Active", "bool", true],
  ["Consensus", "u16", 0],
  ["Incentive", "u16", 0],
  ["Dividends", "u16", 0],
  ["Emission", "u64", 0],
  ["LastUpdate", "u64", 0],
  ["ValidatorPermit", "bool", false],
];

export interface SubnetGenesis {
  netuid: number;
  tempo: number;
  maxUids: number;
  immunityPeriod: number;
  owner: string;
  taoIn: bigint;
  alphaIn: bigint;
}

export interface NeuronRequest {
  netuid: number;
  hotkey: string;
  coldkey: string;
}

const ROOT_NETUID = 0;

// `stateful`: the runtime schedules epochs from LastEpochBlock, seeded with register_network's per-netuid stagger.
export function createSubnet(
  state: State,
  g: SubnetGenesis,
  block: number,
  stateful: boolean,
  deposit: Deposit,
): void {
  const args = [g.netuid];
  deposit({ SubtensorModule: { NetworkAdded: [g.netuid, 0] } });
  if (stateful) state.put(SM, "LastEpochBlock", args, Math.max(0, block - (g.netuid % Math.max(1, g.tempo))));
  state.put(SM, "NetworksAdded", args, true);
  state.put(SM, "TotalNetworks", [], decodeU16(state.value(SM, "TotalNetworks")) + 1);
  state.put(SM, "NetworkRegisteredAt", args, block);
  state.put(SM, "SubnetOwner", args, g.owner);
  state.put(SM, "SubnetMechanism", args, 1);
  state.put(SM, "Tempo", args, g.tempo);
  state.put(SM, "MaxAllowedUids", args, g.maxUids);
  state.put(SM, "ImmunityPeriod", args, g.immunityPeriod);
  state.put(SM, "SubnetTAO", args, g.taoIn);
  state.put(SM, "SubnetAlphaIn", args, g.alphaIn);
}

export function subnetSize(state: State, netuid: number): number {
  return decodeU16(state.value(SM, "SubnetworkN", [netuid]));
}

export function hotkeyOf(state: State, netuid: number, uid: number): string {
  return decodeAccount(state.value(SM, "Keys", [netuid, uid]));
}

function requireSubnet(state: State, netuid: number): void {
  if (!state.has(SM, "NetworksAdded", [netuid])) throw rejected(`subnet ${netuid} does not exist`);
}

export function readVector(
  state: State,
  netuid: number,
  item: string,
  kind: VectorKind,
): (boolean | number | bigint)[] {
  const codec = state.value(SM, item, [netuid]);
  if (kind === "bool") return decodeBoolVector(codec);
  return kind === "u64" ? decodeU64Vector(codec) : decodeU16Vector(codec);
}

function setVectorEntry(
  state: State,
  netuid: number,
  item: string,
  kind: VectorKind,
  uid: number,
  value: boolean | number,
): void {
  const list = readVector(state, netuid, item, kind);
  while (list.length <= uid) list.push(kind === "bool" ? false : 0);
  list[uid] = value;
  state.put(SM, item, [netuid], list);
}

function occupy(state: State, req: NeuronRequest, uid: number, block: number, deposit: Deposit): void {
  const { netuid, hotkey, coldkey } = req;
  state.put(SM, "Keys", [netuid, uid], hotkey);
  state.put(SM, "Uids", [netuid, hotkey], uid);
  state.put(SM, "BlockAtRegistration", [netuid, uid], block);
  state.put(SM, "IsNetworkMember", [hotkey, netuid], true);
  // A hotkey belongs to the first coldkey that registered it, on every subnet.
  if (!state.has(SM, "Owner", [hotkey])) {
    state.put(SM, "Owner", [hotkey], coldkey);
    const owned = state.value(SM, "OwnedHotkeys", [coldkey]).toJSON();
    state.put(SM, "OwnedHotkeys", [coldkey], [...(Array.isArray(owned) ? owned : []), hotkey]);
  }
  for (const [item, kind, initial] of VECTORS) setVectorEntry(state, netuid, item, kind, uid, initial);
  deposit({ SubtensorModule: { NeuronRegistered: [netuid, uid, hotkey] } });
}

// The UID a full subnet gives up: the lowest emission outside the immunity period (everyone is a candidate
// when all are immune), the oldest registration breaking ties, as finney prunes by score then age.
export function pruneCandidate(state: State, netuid: number, block: number): number {
  const n = subnetSize(state, netuid);
  const emission = decodeU64Vector(state.value(SM, "Emission", [netuid]));
  const immunity = decodeU16(state.value(SM, "ImmunityPeriod", [netuid]));
  const rows = Array.from({ length: n }, (_, uid) => ({
    uid,
    emission: emission[uid] ?? 0n,
    registeredAt: Number(decodeU64(state.value(SM, "BlockAtRegistration", [netuid, uid]))),
  }));
  const mortal = rows.filter((r) => block - r.registeredAt >= immunity);
  const pool = mortal.length ? mortal : rows;
  pool.sort((a, b) =>
    a.emission === b.emission
      ? a.registeredAt - b.registeredAt || a.uid - b.uid
      : a.emission < b.emission
        ? -1
        : 1,
  );
  const chosen = pool[0];
  if (!chosen) throw rejected(`subnet ${netuid} has no UID to recycle`);
  return chosen.uid;
}

export function replaceNeuron(
  state: State,
  req: NeuronRequest & { uid: number },
  block: number,
  deposit: Deposit,
): string {
  requireSubnet(state, req.netuid);
  if (req.uid >= subnetSize(state, req.netuid))
    throw rejected(`uid ${req.uid} is not in use on subnet ${req.netuid}`);
  if (state.has(SM, "Uids", [req.netuid, req.hotkey]))
    throw rejected(`${req.hotkey} is already registered on subnet ${req.netuid}`);
  const old = hotkeyOf(state, req.netuid, req.uid);
  state.remove(SM, "Uids", [req.netuid, old]);
  state.remove(SM, "IsNetworkMember", [old, req.netuid]);
  occupy(state, req, req.uid, block, deposit);
  return old;
}

export function registerNeuron(state: State, req: NeuronRequest, block: number, deposit: Deposit): number {
  requireSubnet(state, req.netuid);
  if (state.has(SM, "Uids", [req.netuid, req.hotkey]))
    throw rejected(`${req.hotkey} is already registered on subnet ${req.netuid}`);
  const n = subnetSize(state, req.netuid);
  const max = decodeU16(state.value(SM, "MaxAllowedUids", [req.netuid]));
  if (n >= max) {
    const uid = pruneCandidate(state, req.netuid, block);
    replaceNeuron(state, { ...req, uid }, block, deposit);
    return uid;
  }
  state.put(SM, "SubnetworkN", [req.netuid], n + 1);
  occupy(state, req, n, block, deposit);
  return n;
}

export function uidOf(state: State, netuid: number, hotkey: string): number | null {
  const value = state.get(SM, "Uids", [netuid, hotkey]);
  return value === null ? null : decodeUid(value);
}

export function setValidatorPermit(state: State, netuid: number, uid: number, permit: boolean): void {
  requireSubnet(state, netuid);
  if (uid >= subnetSize(state, netuid)) throw rejected(`uid ${uid} is not in use on subnet ${netuid}`);
  setVectorEntry(state, netuid, "ValidatorPermit", "bool", uid, permit);
}

export function setStake(state: State, netuid: number, hotkey: string, alpha: bigint): void {
  requireSubnet(state, netuid);
  state.put(SM, "TotalHotkeyAlpha", [hotkey, netuid], alpha);
}

/** Root (netuid 0) stake: the TAO half of a validator's stake weight. */
export function setRootStake(state: State, hotkey: string, tao: bigint): void {
  state.put(SM, "TotalHotkeyAlpha", [hotkey, ROOT_NETUID], tao);
}

/** The hotkey's stake weight on the subnet, as get_stake_weights_for_hotkey_on_subnet (no child keys here). */
export function stakeWeight(state: State, netuid: number, hotkey: string): bigint {
  return stakeWeightRao(
    decodeU64(state.value(SM, "TotalHotkeyAlpha", [hotkey, netuid])),
    decodeU64(state.value(SM, "TotalHotkeyAlpha", [hotkey, ROOT_NETUID])),
    decodeU64(state.value(SM, "TaoWeight")),
  );
}
