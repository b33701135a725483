import { hexToU8a, stringToU8a } from "@polkadot/util";
import { describe, expect, it } from "vitest";
import { decodeSelectiveMetagraph } from "@/lib/chain/selective-metagraph";
import { decodeSubnetEvents } from "@/lib/chain/events";
import { finneyCallOutput, finneyStorageValue, loadFinney } from "@/lib/chain/test-support/finney";
import type { Devnet } from "./devnet";
import { ALICE, smallDevnet } from "./test-support/small-devnet";
import { selectiveMetagraph } from "./runtime/metagraph";
import { runtimeVersion, stateCall } from "./runtime/runtime-api";
import { stakeWeightRao } from "@/lib/chain/stake-weight";

const TAO_WEIGHT = 0x0d7c3cfa3ee062fcn;

const finney = loadFinney();
const BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
const CHARLIE = "5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y";

// A devnet with every kind of value written: neurons, permits, stake, plain/long/timelocked commitments,
// a reveal, epochs (automatic, owner-triggered, deferred, skipped), a tempo change, an unequal balancer, root
// stake and a runtime upgrade.
function populated(): Devnet {
  // Long enough for an owner to trigger an epoch (it must be ADMIN_FREEZE_WINDOW blocks ahead of the next).
  const devnet = smallDevnet({ tempo: 20, swapQuoteWeight: 300_000_000_000_000_000n });
  for (const hotkey of [ALICE, BOB, CHARLIE]) devnet.registerNeuron({ hotkey, coldkey: ALICE });
  devnet.setValidatorPermit({ uid: 0, permit: true });
  devnet.setStake({ hotkey: ALICE, alpha: 5_000_000_000n });
  devnet.commit({ hotkey: BOB, fields: [stringToU8a("short"), stringToU8a("y".repeat(200))] });
  devnet.commitTimelocked({ hotkey: CHARLIE, text: stringToU8a("later"), revealInBlocks: 2 });
  devnet.newBlocks(1);
  devnet.advanceEpoch({ weights: { 1: 1 } });
  devnet.setRootStake({ hotkey: ALICE, tao: 7_000_000_000n });
  devnet.triggerEpoch();
  devnet.advanceEpoch();
  devnet.faultNextEpoch("defer");
  devnet.advanceEpoch();
  devnet.faultNextEpoch("skip");
  devnet.advanceEpoch({ tempo: 12 });
  devnet.runtimeUpgrade();
  devnet.newBlocks(1);
  return devnet;
}

describe.skipIf(!finney)("devnet storage read with finney's registry", () => {
  const devnet = populated();
  const chain = devnet.chain;

  it("decodes every stored value to what the devnet's own types say", () => {
    let checked = 0;
    for (const pallet of devnet.chain.meta.metadata.asLatest.pallets) {
      for (const item of pallet.storage.unwrap().items) {
        const [p, i] = [pallet.name.toString(), item.name.toString()];
        for (let block = 0; block <= chain.head.number; block++) {
          for (const key of chain.keysPaged(chain.schema.key(p, i), 1000, undefined, block)) {
            const raw = chain.readRaw(key, block);
            if (raw === null) continue;
            const theirs = finneyStorageValue(finney!, p, i, hexToU8a(raw));
            const mine = chain.schema.decode(p, i, raw);
            expect([p, i, theirs.toU8a()]).toEqual([
              p,
              i,
              item.modifier.isOptional ? new Uint8Array([1, ...hexToU8a(raw)]) : hexToU8a(raw),
            ]);
            // Option<T>.toJSON() is T's JSON, so both sides compare as the bare value.
            expect([p, i, JSON.stringify(theirs.toJSON())]).toEqual([p, i, JSON.stringify(mine?.toJSON())]);
            checked += 1;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it("writes events that finney's registry decodes to the subnet events", () => {
    const kinds = new Set<string>();
    for (let block = 0; block <= chain.head.number; block++) {
      const raw = chain.readRaw(chain.schema.key("System", "Events"), block);
      const events = decodeSubnetEvents(
        finneyStorageValue(finney!, "System", "Events", raw === null ? null : hexToU8a(raw)),
      );
      for (const e of events) kinds.add(e.kind);
    }
    expect([...kinds].sort()).toEqual([
      "commitment",
      "commitment-revealed",
      "epoch-deferred",
      "epoch-skipped",
      "network-added",
      "neuron-registered",
      "runtime-upgraded",
      "tempo-set",
      "timelock-commitment",
    ]);
  });

  it("fills System.Events in every block, other pallets' events among them", () => {
    for (let block = 1; block <= chain.head.number; block++) {
      const raw = chain.readRaw(chain.schema.key("System", "Events"), block);
      const records = finneyStorageValue(finney!, "System", "Events", raw === null ? null : hexToU8a(raw));
      const sections = (records.toJSON() as { event: { index: string } }[]).map((r) =>
        r.event.index.slice(0, 4),
      );
      // 0x00: System (ExtrinsicSuccess of the timestamp inherent), 0x05: Balances.
      expect([block, sections]).toEqual([block, expect.arrayContaining(["0x00", "0x05"])]);
    }
  });

  it("answers SwapRuntimeApi_current_alpha_price in finney's layout, at the balancer's price", () => {
    const state = chain.stateAt(chain.head.number);
    const bytes = stateCall("SwapRuntimeApi_current_alpha_price", "0x0e00", {
      registry: chain.meta.registry,
      state,
      block: chain.head.number,
      version: runtimeVersion("node-subtensor", 425),
      metadata: chain.meta.bytes,
      scheduling: "stateful",
    });
    const price = finneyCallOutput(finney!, "SwapRuntimeApi", "current_alpha_price", bytes);
    // 0.7 / 0.3 × 9,500 / 1,000,000 TAO per alpha, truncated by the runtime's fixed point.
    expect(Number(price.toString()) / 1e9).toBeCloseTo((0.7 / 0.3) * 0.0095, 8);
  });

  it("answers the selective metagraph in finney's layout", () => {
    const indexes = Array.from({ length: 74 }, (_, i) => i);
    const bytes = selectiveMetagraph(chain.stateAt(chain.head.number), 14, indexes, chain.head.number);
    const decoded = finneyCallOutput(finney!, "SubnetInfoRuntimeApi", "get_selective_metagraph", bytes);
    expect(decoded.toU8a()).toEqual(bytes);
    const metagraph = decodeSelectiveMetagraph(decoded);
    expect(metagraph?.hotkeys).toEqual([ALICE, BOB, CHARLIE]);
    expect(metagraph?.validatorPermit).toEqual([true, false, false]);
    expect(metagraph?.alphaStake).toEqual([5_000_000_000n, 0n, 0n]);
    // Stake weight: 5 alpha plus finney's default TaoWeight (about 0.0527) × 7 TAO of root stake.
    expect(metagraph?.totalStake).toEqual([
      stakeWeightRao(5_000_000_000n, 7_000_000_000n, TAO_WEIGHT),
      0n,
      0n,
    ]);
    expect(metagraph?.emission?.[1]).toBeGreaterThan(0n);
  });
});
