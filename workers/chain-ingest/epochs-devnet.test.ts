// Epochs, price and stake weight as the chain defines them, through the real ingest worker against a devnet that
// schedules epochs with state (an owner-triggered, a deferred and a skipped slot, a tempo reset), prices alpha
// through a balancer with unequal weights and weighs validators by alpha + TaoWeight × root TAO.
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { snapshotPrice } from "@/lib/chain/pool-price";
import { listSnapshots, listUidEmissions } from "@/db/queries/standings";
import { metagraphNeurons, metagraphSnapshots } from "@/db/schema";
import { describeEachDatabase } from "@/db/test-support/databases";
import { balancerPrice, priceTao } from "@/lib/chain/pool-price";
import { stakeWeightRao } from "@/lib/chain/stake-weight";
import { reignEmission, taoValueRao } from "@/lib/protocol/emissions";
import { createLogger } from "@/lib/log";
import { epochEmissions } from "@/workers/standings/derive";
import { readMetagraph } from "./metagraph-reader";
import { ChainRpc } from "./rpc";
import { RuntimeViews } from "./runtime-view";
import { NETUID, startHarness, type Harness } from "./test-support/harness";
import { WsProvider, ApiPromise } from "@polkadot/api";

const TAO = 1_000_000_000n;
const QUOTE = 250_000_000_000_000_000n; // 0.25: w_base / w_quote = 3
const TAO_IN = 20_000n * TAO;
const ALPHA_IN = 1_000_000n * TAO;
const TAO_WEIGHT = 3_689_348_814_741_910_323n; // 0.2 of u64::MAX

describeEachDatabase("epochs, price and stake weight against the devnet", (driver) => {
  let h: Harness;
  const uid: Record<string, number> = {};
  const key: Record<string, string> = {};
  // The coronation: between the owner-triggered epoch and the next automatic one, in the same tempo.
  let coronation = 0;

  const epochBlocks = async () =>
    (
      await h.database.db
        .select({ block: metagraphSnapshots.blockNumber })
        .from(metagraphSnapshots)
        .where(eq(metagraphSnapshots.kind, "epoch"))
        .orderBy(asc(metagraphSnapshots.blockNumber))
    ).map((r) => r.block);
  const ranOnChain = () =>
    [...h.devnet.devnet.slots].filter(([, outcome]) => outcome === "ran").map(([block]) => block);

  beforeAll(async () => {
    h = await startHarness(driver, {
      tempo: 12,
      maxUids: 8,
      immunityPeriod: 0,
      taoIn: TAO_IN,
      alphaIn: ALPHA_IN,
      swapQuoteWeight: QUOTE,
    });
    const d = h.devnet.devnet;
    for (const name of ["validator", "m1", "m2"]) {
      key[name] = h.account(`//${name}`);
      uid[name] = await h.dev.registerNeuron({ hotkey: key[name] ?? "", coldkey: h.account("//Alice") });
    }
    await h.dev.setValidatorPermit({ uid: uid.validator ?? -1, permit: true });
    await h.dev.setStake({ hotkey: key.validator ?? "", alpha: 1_000n * TAO });
    d.setRootStake({ hotkey: key.validator ?? "", tao: 500n * TAO });
    d.setTaoWeight(TAO_WEIGHT);
    d.setWeights({ weights: { [uid.m1 ?? -1]: 1 } });
    await h.seal(13); // past the first automatic epoch at block 12
    // The owner triggers an epoch (it fires ADMIN_FREEZE_WINDOW blocks later, before the automatic one).
    d.triggerEpoch();
    await h.seal(10);
    // The coronation: m2 is crowned three blocks after the triggered epoch; validators move their weights.
    coronation = await h.seal(3);
    d.setWeights({ weights: { [uid.m2 ?? -1]: 1 } });
    // Run to the automatic epoch, then defer the next slot by a block and skip the one after.
    await h.seal(12);
    d.faultNextEpoch("defer");
    await h.seal(13);
    d.faultNextEpoch("skip");
    await h.seal(13);
    // A tempo change resets the cycle in its own block without running an epoch.
    await h.dev.advanceEpoch({ tempo: 9 });
    await h.seal(12);
  });

  afterAll(async () => {
    await h?.stop();
  });

  it("finds every epoch the chain ran exactly once, the triggered and the deferred ones included", async () => {
    const slots = h.devnet.devnet.slots;
    const ran = ranOnChain();
    const outcomes = [...slots.values()];
    // The scenario really contains each kind of slot.
    expect(outcomes).toContain("deferred");
    expect(outcomes).toContain("skipped");
    const stored = await epochBlocks();
    expect(stored).toEqual(ran);
    expect(new Set(stored).size).toBe(stored.length);
    const deferredAt = [...slots].find(([, o]) => o === "deferred")?.[0] ?? -1;
    const skippedAt = [...slots].find(([, o]) => o === "skipped")?.[0] ?? -1;
    expect(stored).toContain(deferredAt + 1);
    expect(stored).not.toContain(deferredAt);
    expect(stored).not.toContain(skippedAt);
  });

  it("pays each epoch to the reign in force, across a coronation in the same tempo", async () => {
    const ran = ranOnChain();
    const triggered = ran.filter((b) => b < coronation).at(-1) ?? -1;
    const next = ran.find((b) => b > coronation) ?? -1;
    // Both epochs are in one tempo: the triggered one came early, the next automatic one is within a period.
    expect(next - triggered).toBeLessThanOrEqual(12);
    const snapshots = (await listSnapshots(h.database.db, NETUID)).filter((s) => s.kind === "epoch");
    const epochs = epochEmissions(
      snapshots,
      await listUidEmissions(h.database.db, NETUID, [uid.m1 ?? -1, uid.m2 ?? -1]),
    );
    const old = reignEmission(epochs, { uid: uid.m1 ?? -1, fromBlock: 0, toBlock: coronation });
    const crowned = reignEmission(epochs, { uid: uid.m2 ?? -1, fromBlock: coronation, toBlock: null });
    expect(old.epochs).toBe(ran.filter((b) => b <= coronation).length);
    expect(crowned.epochs).toBe(ran.filter((b) => b > coronation).length);
    const paid = (block: number, who: number) =>
      epochs.find((e) => e.block === block && e.uid === who)?.emissionRao ?? 0n;
    expect(paid(triggered, uid.m1 ?? -1)).toBeGreaterThan(0n);
    expect(paid(next, uid.m2 ?? -1)).toBeGreaterThan(0n);
    expect(paid(next, uid.m1 ?? -1)).toBe(0n);
  });

  it("prices alpha as the balancer does, and TAO figures follow its weights", async () => {
    const [snapshot] = await listSnapshots(h.database.db, NETUID);
    expect(snapshot?.priceSource).toBe("runtime-api");
    const exact = balancerPrice(TAO_IN, ALPHA_IN, QUOTE);
    // Three times the reserve ratio: 0.06 TAO per alpha, not 0.02.
    expect(snapshot?.alphaPriceTao).toBeCloseTo(priceTao(exact) ?? 0, 8);
    expect(snapshot?.alphaPriceTao).toBeCloseTo(0.06, 8);
    const price = snapshot ? snapshotPrice(snapshot) : null;
    const value = price === null ? null : taoValueRao(100n * TAO, price);
    expect(Number(value) / Number(TAO)).toBeCloseTo(6, 6);
  });

  it("reads the balancer's weights from storage where the runtime API cannot be used", async () => {
    // In a block that set new code the reader may not call the runtime API: the balancer's storage prices it.
    const provider = new WsProvider(h.devnet.url);
    const api = await ApiPromise.create({ provider, noInitWarn: true });
    try {
      const rpc = new ChainRpc(provider);
      const head = h.devnet.devnet.chain.head;
      const view = await new RuntimeViews(api).get(await rpc.runtimeVersion(head.hash), head.hash);
      const log = createLogger({ test: "balancer" }, "warn");
      const ctx = { rpc, view, hash: head.hash, netuid: NETUID };
      const viaStorage = await readMetagraph(ctx, "start", false, log);
      expect(viaStorage).toMatchObject({
        priceSource: "balancer",
        swapQuoteWeight: QUOTE,
        alphaPriceRao: null,
      });
      expect(viaStorage?.alphaPriceTao).toBeCloseTo(0.06, 8);
      const viaApi = await readMetagraph(ctx, "start", true, log);
      expect(viaApi?.priceSource).toBe("runtime-api");
      expect(viaApi?.neurons).toEqual(viaStorage?.neurons);
    } finally {
      await api.disconnect();
    }
  });

  it("stores the validator's stake weight: alpha + TaoWeight × root TAO", async () => {
    const rows = await h.database.db
      .select({ stakeRao: metagraphNeurons.stakeRao, uid: metagraphNeurons.uid })
      .from(metagraphNeurons)
      .innerJoin(metagraphSnapshots, eq(metagraphSnapshots.id, metagraphNeurons.snapshotId))
      .where(eq(metagraphNeurons.uid, uid.validator ?? -1))
      .orderBy(asc(metagraphSnapshots.blockNumber));
    const expected = stakeWeightRao(1_000n * TAO, 500n * TAO, TAO_WEIGHT);
    // 1000 alpha + 0.2 × 500 TAO, less the runtime's 32-bit rounding of the weight.
    expect(Number(expected) / Number(TAO)).toBeCloseTo(1_100, 6);
    expect(rows.at(-1)?.stakeRao).toBe(expected);
  });
});
