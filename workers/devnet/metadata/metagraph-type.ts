// pallet_subtensor::rpc_info::metagraph::SelectiveMetagraph, the answer of
// SubnetInfoRuntimeApi_get_selective_metagraph. Its fields are positional: a caller asks for them by index,
// so the order below is the order of finney's struct and must never be sorted or trimmed.
import type { RuntimeTypes } from "./runtime-types";
import type { TypeTable } from "./type-table";

export type MetagraphKind =
  | "c16"
  | "c64"
  | "c128"
  | "text"
  | "identity"
  | "account"
  | "fixedI"
  | "bool"
  | "accounts"
  | "chainIdentities"
  | "axons"
  | "bools"
  | "vc16"
  | "vc64"
  | "dividends"
  | "commitments";

// Field 0 (netuid) is a bare Compact<u16>; every other field is Option<kind>.
export const METAGRAPH_FIELDS: readonly (readonly [string, MetagraphKind])[] = [
  ["netuid", "c16"],
  ["name", "text"],
  ["symbol", "text"],
  ["identity", "identity"],
  ["network_registered_at", "c64"],
  ["owner_hotkey", "account"],
  ["owner_coldkey", "account"],
  ["block", "c64"],
  ["tempo", "c16"],
  ["last_step", "c64"],
  ["blocks_since_last_step", "c64"],
  ["subnet_emission", "c64"],
  ["alpha_in", "c64"],
  ["alpha_out", "c64"],
  ["tao_in", "c64"],
  ["alpha_out_emission", "c64"],
  ["alpha_in_emission", "c64"],
  ["tao_in_emission", "c64"],
  ["pending_alpha_emission", "c64"],
  ["pending_root_emission", "c64"],
  ["subnet_volume", "c128"],
  ["moving_price", "fixedI"],
  ["rho", "c16"],
  ["kappa", "c16"],
  ["min_allowed_weights", "c16"],
  ["max_weights_limit", "c16"],
  ["weights_version", "c64"],
  ["weights_rate_limit", "c64"],
  ["activity_cutoff", "c64"],
  ["max_validators", "c16"],
  ["num_uids", "c16"],
  ["max_uids", "c16"],
  ["burn", "c64"],
  ["difficulty", "c64"],
  ["registration_allowed", "bool"],
  ["pow_registration_allowed", "bool"],
  ["immunity_period", "c16"],
  ["min_difficulty", "c64"],
  ["max_difficulty", "c64"],
  ["min_burn", "c64"],
  ["max_burn", "c64"],
  ["adjustment_alpha", "c64"],
  ["adjustment_interval", "c16"],
  ["target_regs_per_interval", "c16"],
  ["max_regs_per_block", "c16"],
  ["serving_rate_limit", "c64"],
  ["commit_reveal_weights_enabled", "bool"],
  ["commit_reveal_period", "c64"],
  ["liquid_alpha_enabled", "bool"],
  ["alpha_high", "c16"],
  ["alpha_low", "c16"],
  ["bonds_moving_avg", "c64"],
  ["hotkeys", "accounts"],
  ["coldkeys", "accounts"],
  ["identities", "chainIdentities"],
  ["axons", "axons"],
  ["active", "bools"],
  ["validator_permit", "bools"],
  ["pruning_score", "vc16"],
  ["last_update", "vc64"],
  ["emission", "vc64"],
  ["dividends", "vc16"],
  ["incentives", "vc16"],
  ["consensus", "vc16"],
  ["trust", "vc16"],
  ["rank", "vc16"],
  ["block_at_registration", "vc64"],
  ["alpha_stake", "vc64"],
  ["tao_stake", "vc64"],
  ["total_stake", "vc64"],
  ["tao_dividends_per_hotkey", "dividends"],
  ["alpha_dividends_per_hotkey", "dividends"],
  ["validators", "vc16"],
  ["commitments", "commitments"],
];

function textStruct(t: TypeTable, path: string[], names: string[], bytes: number): number {
  return t.composite(
    path,
    names.map((name) => ({ name, type: bytes, typeName: "Vec<u8>" })),
  );
}

export function defineMetagraphType(t: TypeTable, r: RuntimeTypes): number {
  const c16 = t.compact(r.u16);
  const c64 = t.compact(r.u64);
  const compactBytes = t.sequence(t.compact(r.u8));
  const subnetIdentity = textStruct(
    t,
    ["pallet_subtensor", "pallet", "SubnetIdentityV3"],
    [
      "subnet_name",
      "github_repo",
      "subnet_contact",
      "subnet_url",
      "discord",
      "description",
      "logo_url",
      "additional",
    ],
    r.bytes,
  );
  const chainIdentity = textStruct(
    t,
    ["pallet_subtensor", "pallet", "ChainIdentityV2"],
    ["name", "url", "github_repo", "image", "discord", "description", "additional"],
    r.bytes,
  );
  const axonInfo = t.composite(
    ["pallet_subtensor", "pallet", "AxonInfo"],
    [
      { name: "block", type: r.u64, typeName: "u64" },
      { name: "version", type: r.u32, typeName: "u32" },
      { name: "ip", type: r.u128, typeName: "u128" },
      { name: "port", type: r.u16, typeName: "u16" },
      { name: "ip_type", type: r.u8, typeName: "u8" },
      { name: "protocol", type: r.u8, typeName: "u8" },
      { name: "placeholder1", type: r.u8, typeName: "u8" },
      { name: "placeholder2", type: r.u8, typeName: "u8" },
    ],
  );
  const inner: Record<MetagraphKind, number> = {
    c16,
    c64,
    c128: t.compact(r.u128),
    text: compactBytes,
    identity: t.option(subnetIdentity),
    account: r.accountId,
    fixedI: r.fixedI128,
    bool: r.bool,
    accounts: t.sequence(r.accountId),
    chainIdentities: t.sequence(t.option(chainIdentity)),
    axons: t.sequence(axonInfo),
    bools: t.sequence(r.bool),
    vc16: t.sequence(c16),
    vc64: t.sequence(c64),
    dividends: t.sequence(t.tuple([r.accountId, c64])),
    commitments: t.sequence(t.tuple([r.accountId, compactBytes])),
  };
  const fields = METAGRAPH_FIELDS.map(([name, kind], i) => ({
    name,
    type: i === 0 ? inner[kind] : t.option(inner[kind]),
  }));
  const metagraph = t.composite(["pallet_subtensor", "rpc_info", "metagraph", "SelectiveMetagraph"], fields, [
    { name: "AccountId", type: r.accountId },
  ]);
  return t.option(metagraph);
}
