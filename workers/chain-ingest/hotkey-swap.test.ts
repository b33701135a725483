// A hotkey swap through the real worker against the devnet: the UID keeps its history under the new hotkey
// (one neuron, same registration block), the swap is recorded, and it is not announced as a deregistration,
// while a real re-registration of a UID still is.
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { listHotkeySwaps } from "@/db/queries/chain";
import { metagraphNeurons, metagraphSnapshots } from "@/db/schema";
import { describeEachDatabase } from "@/db/test-support/databases";
import { startHarness, type Harness } from "./test-support/harness";
import { waitForCursor } from "./test-support/wait";

describeEachDatabase("a hotkey swap followed by chain ingest", (driver) => {
  let h: Harness;
  let key: Record<"validator" | "old" | "new" | "other" | "newcomer" | "cold", string>;
  const uid: Record<string, number> = {};

  const epoch = async () => {
    const block = h.devnet.devnet.advanceEpoch().number;
    await waitForCursor(h.database.db, { network: "devnet", netuid: 14 }, block);
    return block;
  };
  const historyOf = (u: number) =>
    h.database.db
      .select({
        block: metagraphSnapshots.blockNumber,
        hotkey: metagraphNeurons.hotkey,
        registrationBlock: metagraphNeurons.registrationBlock,
      })
      .from(metagraphNeurons)
      .innerJoin(metagraphSnapshots, eq(metagraphSnapshots.id, metagraphNeurons.snapshotId))
      .where(and(eq(metagraphSnapshots.netuid, 14), eq(metagraphNeurons.uid, u)))
      .orderBy(asc(metagraphSnapshots.blockNumber));
  const deregisteredAt = (block: number) =>
    h.changes.flatMap((c) => (c.type === "block" && c.blockNumber === block ? c.deregistered : []));

  beforeAll(async () => {
    h = await startHarness(driver, { tempo: 10, maxUids: 8, immunityPeriod: 0 });
    key = {
      validator: h.account("//Validator"),
      old: h.account("//SwapOld"),
      new: h.account("//SwapNew"),
      other: h.account("//Other"),
      newcomer: h.account("//Newcomer"),
      cold: h.account("//Alice"),
    };
    for (const name of ["validator", "old", "other"] as const)
      uid[name] = await h.dev.registerNeuron({ hotkey: key[name], coldkey: key.cold });
    await h.seal();
    await epoch();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("keeps the UID's history under the new hotkey and records the swap, not a deregistration", async () => {
    const u = uid.old ?? -1;
    const [before] = await historyOf(u);
    expect(await h.dev.swapHotkey({ coldkey: key.cold, oldHotkey: key.old, newHotkey: key.new })).toBe(u);
    const swappedAt = await epoch();
    const history = await historyOf(u);
    expect(history.at(-1)).toMatchObject({ hotkey: key.new, registrationBlock: before?.registrationBlock });
    expect(new Set(history.map((s) => s.registrationBlock))).toEqual(new Set([before?.registrationBlock]));
    expect(await listHotkeySwaps(h.database.db, 14)).toEqual([
      { netuid: 14, blockNumber: swappedAt, uid: u, oldHotkey: key.old, newHotkey: key.new },
    ]);
    expect(deregisteredAt(swappedAt)).toEqual([]);
  });

  it("still announces a UID taken by a new registration as a deregistration", async () => {
    h.devnet.devnet.replaceNeuron({ uid: uid.other ?? -1, hotkey: key.newcomer, coldkey: key.cold });
    const block = await h.seal();
    expect(deregisteredAt(block)).toEqual([uid.other]);
    expect(await listHotkeySwaps(h.database.db, 14)).toHaveLength(1);
  });
});
