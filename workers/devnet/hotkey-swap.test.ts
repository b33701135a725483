// The devnet's hotkey swap against finney's spec-424 metadata: the event it deposits decodes with finney's
// registry as SubtensorModule.HotkeySwapped { coldkey, old_hotkey, new_hotkey }, and the UID keeps its
// registration while Keys, Uids, owner and stake move.
import { hexToU8a } from "@polkadot/util";
import { describe, expect, it } from "vitest";
import { decodeU64 } from "@/lib/chain/subnet";
import { finneyStorageValue, loadFinney, requireFinney } from "@/lib/chain/test-support/finney";
import { ALICE, smallDevnet } from "./test-support/small-devnet";

const finney = loadFinney();
const BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
const CHARLIE = "5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y";

function swapped() {
  const devnet = smallDevnet();
  devnet.registerNeuron({ hotkey: ALICE, coldkey: ALICE });
  const uid = devnet.registerNeuron({ hotkey: BOB, coldkey: ALICE });
  devnet.setStake({ hotkey: BOB, alpha: 7n });
  const registered = devnet.newBlocks(1)[0]?.number ?? -1;
  devnet.swapHotkey({ coldkey: ALICE, oldHotkey: BOB, newHotkey: CHARLIE });
  const block = devnet.newBlocks(1)[0]?.number ?? -1;
  return { devnet, uid, registered, block };
}

describe("devnet hotkey swap", () => {
  it("moves the UID to the new hotkey and keeps its registration", () => {
    const { devnet, uid, registered, block } = swapped();
    const state = devnet.chain.stateAt(block);
    expect(state.value("SubtensorModule", "Keys", [14, uid]).toString()).toBe(CHARLIE);
    expect(state.has("SubtensorModule", "Uids", [14, BOB])).toBe(false);
    expect(state.value("SubtensorModule", "Uids", [14, CHARLIE]).toString()).toBe(String(uid));
    expect(decodeU64(state.value("SubtensorModule", "BlockAtRegistration", [14, uid]))).toBe(
      BigInt(registered),
    );
    expect(decodeU64(state.value("SubtensorModule", "TotalHotkeyAlpha", [CHARLIE, 14]))).toBe(7n);
    expect(state.value("SubtensorModule", "Owner", [CHARLIE]).toString()).toBe(ALICE);
  });

  it("refuses a swap by a coldkey that does not own the hotkey", () => {
    const { devnet } = swapped();
    expect(() => devnet.swapHotkey({ coldkey: BOB, oldHotkey: CHARLIE, newHotkey: ALICE })).toThrow(
      /does not own/,
    );
  });

  it.skipIf(!finney)("emits HotkeySwapped with finney's layout", () => {
    const { devnet, block } = swapped();
    const raw = devnet.chain.readRaw(devnet.chain.schema.key("System", "Events"), block);
    const events = finneyStorageValue(
      requireFinney(),
      "System",
      "Events",
      raw === null ? null : hexToU8a(raw),
    );
    const decoded = events.toHuman() as { event: { section: string; method: string; data: unknown } }[];
    expect(decoded.map((r) => `${r.event.section}.${r.event.method}`)).toContain(
      "subtensorModule.HotkeySwapped",
    );
    expect(decoded.find((r) => r.event.method === "HotkeySwapped")?.event.data).toEqual({
      coldkey: ALICE,
      oldHotkey: BOB,
      newHotkey: CHARLIE,
    });
  });
});
