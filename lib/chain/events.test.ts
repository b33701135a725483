import { bnToU8a, u8aConcat } from "@polkadot/util";
import { decodeAddress } from "@polkadot/util-crypto";
import { describe, expect, it } from "vitest";
import { decodeSubnetEvents } from "./events";
import { finneyStorageValue, loadFinney } from "./test-support/finney";

const finney = loadFinney();
const BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
const u16 = (n: number) => bnToU8a(n, { bitLength: 16 });
const u64 = (n: number) => bnToU8a(n, { bitLength: 64 });
const who = decodeAddress(BOB);

// EventRecord { phase: ApplyExtrinsic(i), event: [pallet index, event index, fields...], topics: [] }.
const record = (extrinsic: number, pallet: number, event: number, ...fields: Uint8Array[]) =>
  u8aConcat([0], bnToU8a(extrinsic, { bitLength: 32 }), [pallet, event], ...fields, [0]);

describe.skipIf(!finney)("decodeSubnetEvents on finney spec 424 layouts", () => {
  it("decodes the subnet's events and ignores the others", () => {
    const records = [
      record(0, 0, 0, new Uint8Array([0, 0, 0, 0])), // System.ExtrinsicSuccess: zero weight, Normal, Pays::Yes
      record(1, 7, 6, u16(14), u16(3), who), // SubtensorModule.NeuronRegistered(netuid, uid, hotkey)
      record(2, 18, 0, u16(14), who), // Commitments.Commitment { netuid, who }
      record(3, 18, 1, u16(14), who, u64(8_800_000)), // Commitments.TimelockCommitment
      record(4, 18, 2, u16(14), who), // Commitments.CommitmentRevealed
      record(5, 0, 2), // System.CodeUpdated
    ];
    const bytes = u8aConcat([records.length << 2], ...records);
    expect(decodeSubnetEvents(finneyStorageValue(finney!, "System", "Events", bytes))).toEqual([
      { kind: "neuron-registered", netuid: 14, uid: 3, hotkey: BOB },
      { kind: "commitment", netuid: 14, who: BOB },
      { kind: "timelock-commitment", netuid: 14, who: BOB, revealRound: 8_800_000n },
      { kind: "commitment-revealed", netuid: 14, who: BOB },
      { kind: "runtime-upgraded" },
    ]);
  });

  it("returns nothing for a block without events", () => {
    expect(decodeSubnetEvents(finneyStorageValue(finney!, "System", "Events", null))).toEqual([]);
  });
});
