import { describe, expect, it } from "vitest";
import { decodeU64 } from "@/lib/chain/subnet";
import { Devnet } from "../devnet";
import { buildDevnetMetadata } from "../metadata/build";
import { smallDevnetConfig } from "../test-support/small-devnet";
import { ADMIN_FREEZE_WINDOW, nextLegacyEpochBlock } from "./epoch";

const meta = buildDevnetMetadata();
const base = smallDevnetConfig({ alphaPerBlock: 1_000n, taoIn: 1_000n, alphaIn: 100_000n });
const lastEpochBlock = (d: Devnet) =>
  Number(decodeU64(d.chain.stateAt(d.chain.head.number).value("SubtensorModule", "LastEpochBlock", [14])));
const ran = (d: Devnet) => [...d.slots].filter(([, o]) => o === "ran").map(([b]) => b);

describe("devnet epoch scheduling (spec 424, stateful)", () => {
  it("runs every tempo blocks from LastEpochBlock, seeded with register_network's stagger", () => {
    const d = new Devnet(meta, base);
    d.newBlocks(30);
    expect(() => d.triggerEpoch()).toThrow("AutoEpochAlreadyImminent");
    // Stagger 14 % 10 = 4: LastEpochBlock starts at 0 - 4, saturating to 0.
    expect(ran(d)).toEqual([10, 20, 30]);
    expect(lastEpochBlock(d)).toBe(30);
  });

  it("fires an owner-triggered epoch early and restarts the period from it", () => {
    const d = new Devnet(meta, { ...base, tempo: 30 });
    d.newBlocks(31);
    const firesAt = d.triggerEpoch();
    expect(firesAt).toBe(32 + ADMIN_FREEZE_WINDOW);
    expect(() => d.triggerEpoch()).toThrow("EpochTriggerAlreadyPending");
    d.newBlocks(41);
    expect(ran(d)).toEqual([30, 42, 72]);
  });

  it("defers a slot by one block, and a skipped slot consumes it without emission", () => {
    const d = new Devnet(meta, base);
    d.faultNextEpoch("defer");
    d.newBlocks(10);
    expect(d.slots.get(10)).toBe("deferred");
    d.newBlocks(1);
    expect(d.slots.get(11)).toBe("ran");
    d.faultNextEpoch("skip");
    d.newBlocks(10);
    expect(d.slots.get(21)).toBe("skipped");
    expect(lastEpochBlock(d)).toBe(21);
  });

  it("a tempo change resets the cycle at its block", () => {
    const d = new Devnet(meta, base);
    d.newBlocks(4);
    const epoch = d.advanceEpoch({ tempo: 7 });
    expect(epoch.number).toBe(5 + 7);
  });
});

describe("devnet epoch scheduling (legacy runtimes)", () => {
  it("runs where (block + netuid + 1) % (tempo + 1) == tempo", () => {
    const d = new Devnet(meta, { ...base, scheduling: "legacy" });
    d.newBlocks(30);
    expect(ran(d)).toEqual([6, 17, 28]);
    expect(nextLegacyEpochBlock(6, 14, 10)).toBe(17);
  });
});
