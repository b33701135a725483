import { hexToU8a, stringToU8a } from "@polkadot/util";
import { describe, expect, it } from "vitest";
import { decodeSelectiveMetagraph } from "@/lib/chain/selective-metagraph";
import { decodeSubnetEvents } from "@/lib/chain/events";
import { finneyCallOutput, finneyStorageValue, loadFinney } from "@/lib/chain/test-support/finney";
import type { Devnet } from "./devnet";
import { ALICE, smallDevnet } from "./test-support/small-devnet";
import { selectiveMetagraph } from "./runtime/metagraph";

const finney = loadFinney();
const BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
const CHARLIE = "5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y";

// A devnet with every kind of value written: neurons, permits, stake, plain/long/timelocked commitments,
// a reveal, an epoch and a runtime upgrade.
function populated(): Devnet {
  const devnet = smallDevnet();
  for (const hotkey of [ALICE, BOB, CHARLIE]) devnet.registerNeuron({ hotkey, coldkey: ALICE });
  devnet.setValidatorPermit({ uid: 0, permit: true });
  devnet.setStake({ hotkey: ALICE, alpha: 5_000_000_000n });
  devnet.commit({ hotkey: BOB, fields: [stringToU8a("short"), stringToU8a("y".repeat(200))] });
  devnet.commitTimelocked({ hotkey: CHARLIE, text: stringToU8a("later"), revealInBlocks: 2 });
  devnet.newBlocks(1);
  devnet.advanceEpoch({ weights: { 1: 1 } });
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
      "neuron-registered",
      "runtime-upgraded",
      "timelock-commitment",
    ]);
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
    expect(metagraph?.emission?.[1]).toBeGreaterThan(0n);
  });
});
