// The pallets, storage items, constants and events the devnet declares: exactly the ones the explorer reads,
// with finney's pallet indices, storage hashers and non-zero defaults (spec 424).
import type { RuntimeTypes } from "./runtime-types";
import type { TypeTable } from "./type-table";

export type Hasher = "Identity" | "Twox64Concat" | "Blake2_128Concat";

export interface StorageItemDecl {
  name: string;
  // OptionQuery in the pallet: an absent key reads as None instead of the default.
  optional?: boolean;
  keys?: readonly { hasher: Hasher; type: number }[];
  value: number;
  // SCALE bytes (hex) of a ValueQuery default that is not the zero value of its type.
  fallback?: string;
}

export interface ConstantDecl {
  name: string;
  type: number;
  value: string;
}

export interface PalletDecl {
  name: string;
  index: number;
  storage: readonly StorageItemDecl[];
  constants?: readonly ConstantDecl[];
  events?: number;
}

export function declarePallets(t: TypeTable, r: RuntimeTypes): PalletDecl[] {
  const netuid = { hasher: "Identity", type: r.u16 } as const;
  const uid = { hasher: "Identity", type: r.u16 } as const;
  const blakeAccount = { hasher: "Blake2_128Concat", type: r.accountId } as const;
  const twoxAccount = { hasher: "Twox64Concat", type: r.accountId } as const;
  const vecBool = t.sequence(r.bool);
  const vecU16 = t.sequence(r.u16);
  const vecU64 = t.sequence(r.u64);
  const perSubnet = (name: string, value: number, fallback?: string): StorageItemDecl => ({
    name,
    keys: [netuid],
    value,
    fallback,
  });

  return [
    {
      name: "System",
      index: 0,
      storage: [
        { name: "BlockHash", keys: [{ hasher: "Twox64Concat", type: r.u32 }], value: r.h256 },
        { name: "Number", value: r.u32 },
        { name: "ParentHash", value: r.h256 },
        { name: "Digest", value: r.digest },
        { name: "Events", value: t.sequence(r.eventRecord) },
        { name: "EventCount", value: r.u32 },
        { name: "LastRuntimeUpgrade", optional: true, value: r.lastRuntimeUpgrade },
      ],
      constants: [{ name: "SS58Prefix", type: r.u16, value: "0x2a00" }],
      events: r.systemEvent,
    },
    // Only its events: every finney block withdraws fees, so the devnet's blocks carry Balances events too.
    { name: "Balances", index: 5, storage: [], events: r.balancesEvent },
    {
      name: "Timestamp",
      index: 2,
      storage: [{ name: "Now", value: r.u64 }],
      constants: [{ name: "MinimumPeriod", type: r.u64, value: "0x7017000000000000" }],
    },
    {
      name: "SubtensorModule",
      index: 7,
      storage: [
        { name: "Owner", keys: [blakeAccount], value: r.accountId },
        perSubnet("SubnetMovingPrice", r.fixedI128),
        perSubnet("SubnetTAO", r.u64),
        perSubnet("SubnetAlphaIn", r.u64),
        perSubnet("SubnetAlphaOut", r.u64),
        { name: "OwnedHotkeys", keys: [blakeAccount], value: t.sequence(r.accountId) },
        { name: "TotalHotkeyAlpha", keys: [blakeAccount, netuid], value: r.u64 },
        perSubnet("TokenSymbol", r.bytes, "0x10f09d9c8f"),
        { name: "TotalNetworks", value: r.u16 },
        perSubnet("Tempo", r.u16, "0x6801"),
        perSubnet("SubnetMechanism", r.u16),
        perSubnet("SubnetworkN", r.u16),
        perSubnet("NetworksAdded", r.bool),
        { name: "IsNetworkMember", keys: [blakeAccount, netuid], value: r.bool },
        perSubnet("NetworkRegisteredAt", r.u64),
        perSubnet("BlocksSinceLastStep", r.u64),
        perSubnet("LastMechansimStepBlock", r.u64),
        // Stateful epoch scheduling (subtensor's dynamic tempo): the last consumed slot, an owner-triggered
        // slot, and the slot counter.
        perSubnet("LastEpochBlock", r.u64),
        perSubnet("PendingEpochAt", r.u64),
        perSubnet("SubnetEpochIndex", r.u64),
        // u64::MAX is a weight of 1; finney's default is about 0.0527.
        { name: "TaoWeight", value: r.u64, fallback: "0xfc62e03efa3c7c0d" },
        perSubnet("SubnetOwner", r.accountId),
        perSubnet("MaxAllowedUids", r.u16, "0x0001"),
        perSubnet("ImmunityPeriod", r.u16, "0x0010"),
        perSubnet("MaxAllowedValidators", r.u16, "0x8000"),
        {
          name: "Uids",
          optional: true,
          keys: [netuid, { hasher: "Blake2_128Concat", type: r.accountId }],
          value: r.u16,
        },
        { name: "Keys", keys: [netuid, uid], value: r.accountId },
        perSubnet("Active", vecBool),
        perSubnet("Consensus", vecU16),
        perSubnet("Incentive", vecU16),
        perSubnet("Dividends", vecU16),
        perSubnet("Emission", vecU64),
        perSubnet("LastUpdate", vecU64),
        perSubnet("ValidatorPermit", vecBool),
        { name: "BlockAtRegistration", keys: [netuid, uid], value: r.u64 },
      ],
      events: r.subtensorEvent,
    },
    {
      name: "Commitments",
      index: 18,
      storage: [
        { name: "TimelockedIndex", value: r.timelockedIndex },
        { name: "CommitmentOf", optional: true, keys: [netuid, twoxAccount], value: r.registration },
        { name: "LastCommitment", optional: true, keys: [netuid, twoxAccount], value: r.u32 },
        { name: "RevealedCommitments", optional: true, keys: [netuid, twoxAccount], value: r.revealed },
        { name: "MaxSpace", value: r.u32, fallback: "0x1c0c0000" },
      ],
      constants: [
        { name: "MaxFields", type: r.u32, value: "0x03000000" },
        { name: "InitialDeposit", type: r.u64, value: "0x0000000000000000" },
        { name: "FieldDeposit", type: r.u64, value: "0x0000000000000000" },
      ],
      events: r.commitmentsEvent,
    },
    {
      name: "Swap",
      index: 28,
      storage: [
        {
          name: "SwapBalancer",
          keys: [{ hasher: "Twox64Concat", type: r.u16 }],
          value: r.balancer,
          // Equal weights: quote = 0.5.
          fallback: "0x0000b2d3595bf006",
        },
      ],
    },
  ];
}
