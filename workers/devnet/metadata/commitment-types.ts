// pallet_commitments' types as finney (spec 424) declares them: the Data enum with its 129 fixed-size Raw
// variants, the Registration stored in CommitmentOf, the timelock index and the revealed plaintexts.
import type { TypeTable } from "./type-table";

// Raw0..Raw128 are the fixed-size byte arrays of pallet_commitments::Data, at variant indices 1..129.
const RAW_VARIANTS = 129;

interface BaseTypes {
  u8: number;
  u16: number;
  u32: number;
  u64: number;
  bytes: number;
  a32: number;
  accountId: number;
  boundedBytes: number;
}

export function defineCommitmentTypes(t: TypeTable, base: BaseTypes) {
  const { u8, u16, u32, u64, bytes, a32, accountId, boundedBytes } = base;
  const rawVariants = Array.from({ length: RAW_VARIANTS }, (_, n) => ({
    name: `Raw${n}`,
    index: n + 1,
    fields: [{ type: t.array(n, u8) }],
  }));
  const data = t.variant(
    ["pallet_commitments", "types", "Data"],
    [
      { name: "None", index: 0 },
      ...rawVariants,
      { name: "BlakeTwo256", index: 130, fields: [{ type: a32 }] },
      { name: "Sha256", index: 131, fields: [{ type: a32 }] },
      { name: "Keccak256", index: 132, fields: [{ type: a32 }] },
      { name: "ShaThree256", index: 133, fields: [{ type: a32 }] },
      {
        name: "TimelockEncrypted",
        index: 134,
        fields: [
          { name: "encrypted", type: boundedBytes },
          { name: "reveal_round", type: u64 },
        ],
      },
      { name: "ResetBondsFlag", index: 135 },
      { name: "BigRaw", index: 136, fields: [{ type: boundedBytes }] },
    ],
  );
  const boundedData = t.wrapper(
    ["bounded_collections", "bounded_vec", "BoundedVec"],
    t.sequence(data),
    [
      { name: "T", type: data },
      { name: "S", type: null },
    ],
    "Vec<T>",
  );
  const commitmentInfo = t.composite(
    ["pallet_commitments", "types", "CommitmentInfo"],
    [{ name: "fields", type: boundedData, typeName: "BoundedVec<Data, FieldLimit>" }],
    [{ name: "FieldLimit", type: null }],
  );
  const registration = t.composite(
    ["pallet_commitments", "types", "Registration"],
    [
      { name: "deposit", type: u64, typeName: "Balance" },
      { name: "block", type: u32, typeName: "BlockNumber" },
      { name: "info", type: commitmentInfo, typeName: "CommitmentInfo<MaxFields>" },
    ],
    [
      { name: "Balance", type: u64 },
      { name: "MaxFields", type: null },
      { name: "BlockNumber", type: u32 },
    ],
  );
  const netuidAccount = t.tuple([u16, accountId]);
  const timelockedIndex = t.wrapper(["BTreeSet"], t.sequence(netuidAccount), [
    { name: "T", type: netuidAccount },
  ]);
  const revealed = t.sequence(t.tuple([bytes, u64]));
  return { registration, timelockedIndex, revealed, netuidAccount };
}
