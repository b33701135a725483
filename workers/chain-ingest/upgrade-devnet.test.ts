// A runtime upgrade that changes the metadata mid-range: the devnet starts on a runtime without stateful epoch
// scheduling or the Swap balancer and upgrades to spec 424's, whose migration seeds LastEpochBlock. Ingest must
// read each block through its own runtime: every epoch found once on both sides, each priced by what its
// runtime offers.
import { WsProvider } from "@polkadot/api";
import { Metadata, TypeRegistry } from "@polkadot/types";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { metagraphSnapshots } from "@/db/schema";
import { describeEachDatabase } from "@/db/test-support/databases";
import { startHarness, type Harness } from "./test-support/harness";

const TAO = 1_000_000_000n;

describeEachDatabase("ingest across a runtime upgrade that changes the metadata", (driver) => {
  let h: Harness;
  let upgradeBlock = 0;

  beforeAll(async () => {
    h = await startHarness(driver, {
      scheduling: "legacy",
      tempo: 10,
      immunityPeriod: 0,
      taoIn: 20_000n * TAO,
      alphaIn: 1_000_000n * TAO,
      swapQuoteWeight: 250_000_000_000_000_000n,
    });
    const miner = h.account("//Miner1");
    const uid = await h.dev.registerNeuron({ hotkey: miner, coldkey: h.account("//Alice") });
    h.devnet.devnet.setWeights({ weights: { [uid]: 1 } });
    await h.seal(24);
    await h.dev.runtimeUpgrade();
    upgradeBlock = await h.seal();
    await h.seal(30);
  });

  afterAll(async () => {
    await h?.stop();
  });

  it("serves the old metadata before the upgrade block and spec 424's from it", async () => {
    const metadataAt = async (block: number) => {
      const hash = h.devnet.devnet.chain.block(block)?.hash;
      const provider = new WsProvider(h.devnet.url);
      await provider.isReady;
      const hex = await provider
        .send<`0x${string}`>("state_getMetadata", [hash])
        .finally(() => provider.disconnect());
      const registry = new TypeRegistry();
      const items = new Metadata(registry, hex).asLatest.pallets
        .find((p) => p.name.eq("SubtensorModule"))
        ?.storage.unwrap()
        .items.map((i) => i.name.toString());
      return items ?? [];
    };
    expect(await metadataAt(upgradeBlock - 1)).not.toContain("LastEpochBlock");
    expect(await metadataAt(upgradeBlock)).toContain("LastEpochBlock");
  });

  it("finds every epoch once on both sides of the upgrade", async () => {
    const ran = [...h.devnet.devnet.slots].filter(([, o]) => o === "ran").map(([b]) => b);
    expect(ran.some((b) => b < upgradeBlock)).toBe(true);
    expect(ran.some((b) => b > upgradeBlock)).toBe(true);
    const stored = await h.database.db
      .select({ block: metagraphSnapshots.blockNumber, priceSource: metagraphSnapshots.priceSource })
      .from(metagraphSnapshots)
      .where(eq(metagraphSnapshots.kind, "epoch"))
      .orderBy(asc(metagraphSnapshots.blockNumber));
    expect(stored.map((s) => s.block)).toEqual(ran);
    // Before the balancer existed the reserves price alpha; after it, the runtime API does.
    expect(stored.filter((s) => s.block < upgradeBlock).map((s) => s.priceSource)).toEqual(
      ran.filter((b) => b < upgradeBlock).map(() => "reserves"),
    );
    expect(stored.filter((s) => s.block > upgradeBlock).map((s) => s.priceSource)).toEqual(
      ran.filter((b) => b > upgradeBlock).map(() => "runtime-api"),
    );
  });
});
