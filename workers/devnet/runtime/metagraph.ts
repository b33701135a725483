// SubnetInfoRuntimeApi_get_selective_metagraph over the devnet's storage at one block. Requested fields the
// devnet models carry real values; the others (hyperparameters, identities, axons...) answer Some(zero
// value) so a caller still gets every field it asked for, in finney's shape.
import { hexToU8a, u8aConcat, u8aToHex } from "@polkadot/util";
import { decodeAccount, decodeU16, decodeU64 } from "@/lib/chain/subnet";
import { METAGRAPH_FIELDS } from "../metadata/metagraph-type";
import type { State } from "./state";
import { readVector, stakeWeight, subnetSize } from "./subtensor";

const SM = "SubtensorModule";
const METAGRAPH_PATH = "pallet_subtensor::rpc_info::metagraph::SelectiveMetagraph";

function modelled(state: State, netuid: number, block: number): Record<string, unknown> {
  const n = subnetSize(state, netuid);
  const uids = Array.from({ length: n }, (_, uid) => uid);
  const hotkeys = uids.map((uid) => decodeAccount(state.value(SM, "Keys", [netuid, uid])));
  const coldkeys = hotkeys.map((h) => decodeAccount(state.value(SM, "Owner", [h])));
  const u64 = (item: string) => decodeU64(state.value(SM, item, [netuid]));
  const alphaStake = hotkeys.map((h) => decodeU64(state.value(SM, "TotalHotkeyAlpha", [h, netuid])));
  const permits = readVector(state, netuid, "ValidatorPermit", "bool");
  return {
    block,
    tempo: decodeU16(state.value(SM, "Tempo", [netuid])),
    network_registered_at: u64("NetworkRegisteredAt"),
    owner_coldkey: decodeAccount(state.value(SM, "SubnetOwner", [netuid])),
    last_step: u64("LastMechansimStepBlock"),
    blocks_since_last_step: u64("BlocksSinceLastStep"),
    alpha_in: u64("SubnetAlphaIn"),
    alpha_out: u64("SubnetAlphaOut"),
    tao_in: u64("SubnetTAO"),
    moving_price: state.value(SM, "SubnetMovingPrice", [netuid]),
    max_validators: decodeU16(state.value(SM, "MaxAllowedValidators", [netuid])),
    num_uids: n,
    max_uids: decodeU16(state.value(SM, "MaxAllowedUids", [netuid])),
    immunity_period: decodeU16(state.value(SM, "ImmunityPeriod", [netuid])),
    registration_allowed: true,
    hotkeys,
    coldkeys,
    active: readVector(state, netuid, "Active", "bool"),
    validator_permit: permits,
    last_update: readVector(state, netuid, "LastUpdate", "u64"),
    emission: readVector(state, netuid, "Emission", "u64"),
    dividends: readVector(state, netuid, "Dividends", "u16"),
    incentives: readVector(state, netuid, "Incentive", "u16"),
    consensus: readVector(state, netuid, "Consensus", "u16"),
    block_at_registration: uids.map((uid) =>
      decodeU64(state.value(SM, "BlockAtRegistration", [netuid, uid])),
    ),
    alpha_stake: alphaStake,
    tao_stake: hotkeys.map((h) => decodeU64(state.value(SM, "TotalHotkeyAlpha", [h, 0]))),
    total_stake: hotkeys.map((h) => stakeWeight(state, netuid, h)),
    validators: uids.filter((uid) => permits[uid] === true),
    // As get_commitments: every CommitmentOf entry of the subnet, the account and the encoded Registration.
    commitments: state
      .entries("Commitments", "CommitmentOf", [netuid])
      .map(({ key, value }) => [u8aToHex(hexToU8a(key).slice(-32)), Array.from(value.toU8a())]),
  };
}

// The inner type of every Option field of the struct, by position, read from the devnet's own metadata.
function fieldTypes(state: State): string[] {
  const { lookup } = state.registry;
  const found = lookup.types.find((t) => t.type.path.map(String).join("::") === METAGRAPH_PATH);
  if (!found) throw new Error("devnet metadata: SelectiveMetagraph is not declared");
  return found.type.def.asComposite.fields.map((f, i) => {
    if (i === 0) return state.registry.createLookupType(f.type);
    const some = lookup.getSiType(f.type).def.asVariant.variants.find((v) => v.name.eq("Some"));
    const inner = some?.fields[0]?.type;
    if (!inner) throw new Error(`devnet metadata: SelectiveMetagraph field ${i} is not an Option`);
    return state.registry.createLookupType(inner);
  });
}

// Returns the SCALE answer, Option<SelectiveMetagraph>, or None for a subnet that does not exist. Encoded
// field by field: each field is Some(value) when requested and None otherwise, in declaration order.
export function selectiveMetagraph(
  state: State,
  netuid: number,
  indexes: readonly number[],
  block: number,
): Uint8Array {
  if (!state.has(SM, "NetworksAdded", [netuid])) return new Uint8Array([0]);
  const wanted = new Set(indexes);
  const values = modelled(state, netuid, block);
  const types = fieldTypes(state);
  const parts = METAGRAPH_FIELDS.map(([name], i) => {
    const type = types[i] ?? "";
    if (i === 0) return state.registry.createTypeUnsafe(type, [netuid]).toU8a();
    if (!wanted.has(i)) return new Uint8Array([0]);
    // Fields the devnet does not model answer the zero value of their type.
    const value = state.registry.createTypeUnsafe(type, name in values ? [values[name]] : []);
    return u8aConcat(new Uint8Array([1]), value.toU8a());
  });
  return u8aConcat(new Uint8Array([1]), ...parts);
}
