// The types of the devnet runtime, each one shaped exactly as in finney's metadata (spec 424): same paths,
// field names, variant indices and field types. `finney-layout.test.ts` checks every one against the
// real metadata, so a mistake here fails a test instead of silently mis-encoding storage.
import { defineCommitmentTypes } from "./commitment-types";
import type { TypeTable } from "./type-table";

export type RuntimeTypes = ReturnType<typeof defineRuntimeTypes>;

export function defineRuntimeTypes(t: TypeTable) {
  const u8 = t.primitive("U8");
  const u16 = t.primitive("U16");
  const u32 = t.primitive("U32");
  const u64 = t.primitive("U64");
  const u128 = t.primitive("U128");
  const i128 = t.primitive("I128");
  const bool = t.primitive("Bool");
  const str = t.primitive("Str");
  const bytes = t.sequence(u8);
  const unit = t.tuple([]);
  const a32 = t.array(32, u8);
  const a4 = t.array(4, u8);
  const a8 = t.array(8, u8);
  const accountId = t.composite(["sp_core", "crypto", "AccountId32"], [{ type: a32, typeName: "[u8; 32]" }]);
  const h256 = t.composite(["primitive_types", "H256"], [{ type: a32, typeName: "[u8; 32]" }]);
  const cowStr = t.wrapper(["Cow"], str, [{ name: "T", type: str }]);
  const boundedBytes = t.wrapper(
    ["bounded_collections", "bounded_vec", "BoundedVec"],
    bytes,
    [
      { name: "T", type: u8 },
      { name: "S", type: null },
    ],
    "Vec<T>",
  );

  const engineMessage = [
    { type: a4, typeName: "ConsensusEngineId" },
    { type: bytes, typeName: "Vec<u8>" },
  ];
  const digestItem = t.variant(
    ["sp_runtime", "generic", "digest", "DigestItem"],
    [
      {
        name: "PreRuntime",
        index: 6,
        fields: engineMessage,
      },
      {
        name: "Consensus",
        index: 4,
        fields: engineMessage,
      },
      {
        name: "Seal",
        index: 5,
        fields: engineMessage,
      },
      { name: "Other", index: 0, fields: [{ type: bytes, typeName: "Vec<u8>" }] },
      { name: "RuntimeEnvironmentUpdated", index: 8 },
    ],
  );
  const digest = t.composite(
    ["sp_runtime", "generic", "digest", "Digest"],
    [{ name: "logs", type: t.sequence(digestItem), typeName: "Vec<DigestItem>" }],
  );
  const phase = t.variant(
    ["frame_system", "Phase"],
    [
      { name: "ApplyExtrinsic", index: 0, fields: [{ type: u32, typeName: "u32" }] },
      { name: "Finalization", index: 1 },
      { name: "Initialization", index: 2 },
    ],
  );
  const lastRuntimeUpgrade = t.composite(
    ["frame_system", "LastRuntimeUpgradeInfo"],
    [
      { name: "spec_version", type: t.compact(u32), typeName: "codec::Compact<u32>" },
      { name: "spec_name", type: cowStr, typeName: "Cow<'static, str>" },
    ],
  );

  // Only the variants the devnet emits: an enum subset encodes identically, variant by variant.
  const eventParams = [{ name: "T", type: null }];
  const weight = t.composite(
    ["sp_weights", "weight_v2", "Weight"],
    [
      { name: "ref_time", type: t.compact(u64), typeName: "u64" },
      { name: "proof_size", type: t.compact(u64), typeName: "u64" },
    ],
  );
  const dispatchClass = t.variant(
    ["frame_support", "dispatch", "DispatchClass"],
    [
      { name: "Normal", index: 0 },
      { name: "Operational", index: 1 },
      { name: "Mandatory", index: 2 },
    ],
  );
  const pays = t.variant(
    ["frame_support", "dispatch", "Pays"],
    [
      { name: "Yes", index: 0 },
      { name: "No", index: 1 },
    ],
  );
  const dispatchEventInfo = t.composite(
    ["frame_system", "DispatchEventInfo"],
    [
      { name: "weight", type: weight, typeName: "Weight" },
      { name: "class", type: dispatchClass, typeName: "DispatchClass" },
      { name: "pays_fee", type: pays, typeName: "Pays" },
    ],
  );
  const systemEvent = t.variant(
    ["frame_system", "pallet", "Event"],
    [
      {
        name: "ExtrinsicSuccess",
        index: 0,
        fields: [{ name: "dispatch_info", type: dispatchEventInfo, typeName: "DispatchEventInfo" }],
      },
      { name: "CodeUpdated", index: 2 },
    ],
    eventParams,
  );
  const balancesEvent = t.variant(
    ["pallet_balances", "pallet", "Event"],
    [
      {
        name: "Withdraw",
        index: 8,
        fields: [
          { name: "who", type: accountId, typeName: "T::AccountId" },
          { name: "amount", type: u64, typeName: "T::Balance" },
        ],
      },
    ],
    [
      { name: "T", type: null },
      { name: "I", type: null },
    ],
  );
  const netuid = { name: "netuid", type: u16, typeName: "NetUid" };
  const netuidAndU16 = [
    { type: u16, typeName: "NetUid" },
    { type: u16, typeName: "u16" },
  ];
  const subtensorEvent = t.variant(
    ["pallet_subtensor", "pallet", "Event"],
    [
      {
        name: "NetworkAdded",
        index: 0,
        fields: netuidAndU16,
      },
      {
        name: "NeuronRegistered",
        index: 6,
        fields: [...netuidAndU16, { type: accountId, typeName: "T::AccountId" }],
      },
      {
        name: "HotkeySwapped",
        index: 66,
        fields: [
          { name: "coldkey", type: accountId, typeName: "T::AccountId" },
          { name: "old_hotkey", type: accountId, typeName: "T::AccountId" },
          { name: "new_hotkey", type: accountId, typeName: "T::AccountId" },
        ],
      },
      {
        name: "TempoSet",
        index: 52,
        fields: netuidAndU16,
      },
      {
        name: "EpochTriggered",
        index: 131,
        fields: [
          netuid,
          { name: "by", type: accountId, typeName: "T::AccountId" },
          { name: "fires_at", type: u64, typeName: "u64" },
        ],
      },
      {
        name: "EpochDeferred",
        index: 132,
        fields: [
          netuid,
          { name: "from_block", type: u64, typeName: "u64" },
          { name: "to_block", type: u64, typeName: "u64" },
        ],
      },
      {
        name: "EpochSkipped",
        index: 133,
        fields: [netuid, { name: "block", type: u64, typeName: "u64" }],
      },
    ],
    eventParams,
  );
  const netuidWho = [netuid, { name: "who", type: accountId, typeName: "T::AccountId" }];
  const commitmentsEvent = t.variant(
    ["pallet_commitments", "pallet", "Event"],
    [
      { name: "Commitment", index: 0, fields: netuidWho },
      {
        name: "TimelockCommitment",
        index: 1,
        fields: [...netuidWho, { name: "reveal_round", type: u64, typeName: "u64" }],
      },
      { name: "CommitmentRevealed", index: 2, fields: netuidWho },
    ],
    eventParams,
  );
  const runtimeEvent = t.variant(
    ["node_subtensor_runtime", "RuntimeEvent"],
    [
      { name: "System", index: 0, fields: [{ type: systemEvent, typeName: "frame_system::Event<Runtime>" }] },
      {
        name: "Balances",
        index: 5,
        fields: [{ type: balancesEvent, typeName: "pallet_balances::Event<Runtime>" }],
      },
      {
        name: "SubtensorModule",
        index: 7,
        fields: [{ type: subtensorEvent, typeName: "pallet_subtensor::Event<Runtime>" }],
      },
      {
        name: "Commitments",
        index: 18,
        fields: [{ type: commitmentsEvent, typeName: "pallet_commitments::Event<Runtime>" }],
      },
    ],
  );
  const eventRecord = t.composite(
    ["frame_system", "EventRecord"],
    [
      { name: "phase", type: phase, typeName: "Phase" },
      { name: "event", type: runtimeEvent, typeName: "E" },
      { name: "topics", type: t.sequence(h256), typeName: "Vec<T>" },
    ],
    [
      { name: "E", type: runtimeEvent },
      { name: "T", type: h256 },
    ],
  );

  const commitments = defineCommitmentTypes(t, { u8, u16, u32, u64, bytes, a32, accountId, boundedBytes });

  const fixed = (name: string, bits: number, typeName: string) =>
    t.composite(
      ["substrate_fixed", name],
      [{ name: "bits", type: bits, typeName }],
      [{ name: "Frac", type: null }],
    );
  const fixedU128 = fixed("FixedU128", u128, "u128");
  const fixedI128 = fixed("FixedI128", i128, "i128");

  // Swap.SwapBalancer: only the quote (TAO) weight is stored; the base (alpha) weight is 1 - quote.
  const perquintill = t.composite(
    ["sp_arithmetic", "per_things", "Perquintill"],
    [{ type: u64, typeName: "u64" }],
  );
  const balancer = t.composite(
    ["pallet_subtensor_swap", "pallet", "balancer", "Balancer"],
    [{ name: "quote", type: perquintill, typeName: "Perquintill" }],
  );

  const apisVec = t.sequence(t.tuple([a8, u32]));
  const runtimeVersion = t.composite(
    ["sp_version", "RuntimeVersion"],
    [
      { name: "spec_name", type: cowStr, typeName: "Cow<'static, str>" },
      { name: "impl_name", type: cowStr, typeName: "Cow<'static, str>" },
      { name: "authoring_version", type: u32, typeName: "u32" },
      { name: "spec_version", type: u32, typeName: "u32" },
      { name: "impl_version", type: u32, typeName: "u32" },
      {
        name: "apis",
        type: t.wrapper(["Cow"], apisVec, [{ name: "T", type: apisVec }]),
        typeName: "ApisVec",
      },
      { name: "transaction_version", type: u32, typeName: "u32" },
      { name: "system_version", type: u8, typeName: "u8" },
    ],
  );
  const opaqueMetadata = t.composite(["sp_core", "OpaqueMetadata"], [{ type: bytes, typeName: "Vec<u8>" }]);

  return {
    u8,
    u16,
    u32,
    u64,
    u128,
    bool,
    bytes,
    unit,
    a32,
    accountId,
    h256,
    digest,
    lastRuntimeUpgrade,
    eventRecord,
    runtimeEvent,
    systemEvent,
    balancesEvent,
    subtensorEvent,
    commitmentsEvent,
    ...commitments,
    fixedU128,
    fixedI128,
    balancer,
    runtimeVersion,
    opaqueMetadata,
  };
}
