import { describe, expect, it } from "vitest";
import { loadFinney, requireFinney } from "@/lib/chain/test-support/finney";
import { buildDevnetMetadata } from "./build";
import { diffTypes } from "./layout-diff";

const finney = loadFinney();
const devnet = buildDevnetMetadata();
const mine = devnet.metadata.asLatest;

describe.skipIf(!finney)("devnet metadata against finney spec 424", () => {
  // Read lazily: a skipped suite's body still runs (to collect its tests), without the fixture.
  const theirs = () => requireFinney().metadata.asLatest;
  const diff = (a: number, b: number, where: string) =>
    diffTypes({ lookup: mine.lookup, id: a }, { lookup: theirs().lookup, id: b }, where);
  const theirPallet = (name: string) => {
    const found = theirs().pallets.find((p) => p.name.eq(name));
    if (!found) throw new Error(`finney has no pallet ${name}`);
    return found;
  };

  it("declares each pallet at finney's index", () => {
    for (const p of mine.pallets)
      expect([p.name.toString(), theirPallet(p.name.toString()).index.toNumber()]).toEqual([
        p.name.toString(),
        p.index.toNumber(),
      ]);
  });

  it("declares each storage item with finney's modifier, hashers, key and value types and default", () => {
    const problems: string[] = [];
    for (const p of mine.pallets) {
      const theirItems = theirPallet(p.name.toString()).storage.unwrap().items;
      for (const item of p.storage.unwrap().items) {
        const where = `${p.name.toString()}.${item.name.toString()}`;
        const other = theirItems.find((i) => i.name.eq(item.name));
        if (!other) {
          problems.push(`${where}: missing in finney`);
          continue;
        }
        if (!item.modifier.eq(other.modifier))
          problems.push(`${where}: modifier ${item.modifier.type} vs ${other.modifier.type}`);
        if (!item.fallback.eq(other.fallback))
          problems.push(`${where}: default ${item.fallback.toHex()} vs ${other.fallback.toHex()}`);
        if (item.type.type !== other.type.type) {
          problems.push(`${where}: ${item.type.type} vs ${other.type.type}`);
        } else if (item.type.isPlain) {
          problems.push(
            ...diff(item.type.asPlain.toNumber(), other.type.asPlain.toNumber(), `${where} value`),
          );
        } else {
          const [a, b] = [item.type.asMap, other.type.asMap];
          const hashers = [a.hashers.map((h) => h.type), b.hashers.map((h) => h.type)];
          if (hashers[0]?.join() !== hashers[1]?.join())
            problems.push(`${where}: hashers ${hashers[0]?.join()} vs ${hashers[1]?.join()}`);
          problems.push(...diff(a.key.toNumber(), b.key.toNumber(), `${where} key`));
          problems.push(...diff(a.value.toNumber(), b.value.toNumber(), `${where} value`));
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("declares constants with finney's types and values", () => {
    const problems: string[] = [];
    for (const p of mine.pallets) {
      for (const c of p.constants) {
        const where = `${p.name.toString()}.${c.name.toString()}`;
        const other = theirPallet(p.name.toString()).constants.find((o) => o.name.eq(c.name));
        if (!other) problems.push(`${where}: missing in finney`);
        else {
          problems.push(...diff(c.type.toNumber(), other.type.toNumber(), where));
          if (!c.value.eq(other.value))
            problems.push(`${where}: ${c.value.toHex()} vs ${other.value.toHex()}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("declares events with finney's variant indices and field types, inside finney's outer event enum", () => {
    const problems: string[] = [];
    for (const p of mine.pallets) {
      if (p.events.isNone) continue;
      const other = theirPallet(p.name.toString()).events;
      if (other.isNone) problems.push(`${p.name.toString()}: finney declares no events`);
      else
        problems.push(
          ...diff(
            p.events.unwrap().type.toNumber(),
            other.unwrap().type.toNumber(),
            `${p.name.toString()} events`,
          ),
        );
    }
    problems.push(
      ...diff(mine.outerEnums.eventType.toNumber(), theirs().outerEnums.eventType.toNumber(), "RuntimeEvent"),
    );
    expect(problems).toEqual([]);
  });

  it("declares runtime API methods with finney's inputs and outputs", () => {
    const problems: string[] = [];
    for (const api of mine.apis) {
      const other = theirs().apis.find((a) => a.name.eq(api.name));
      for (const m of api.methods) {
        const where = `${api.name.toString()}.${m.name.toString()}`;
        const om = other?.methods.find((o) => o.name.eq(m.name));
        if (!om) {
          problems.push(`${where}: missing in finney`);
          continue;
        }
        if (
          m.inputs.map((i) => i.name.toString()).join() !== om.inputs.map((i) => i.name.toString()).join()
        ) {
          problems.push(`${where}: input names differ`);
        }
        m.inputs.forEach((input, i) =>
          problems.push(
            ...diff(
              input.type.toNumber(),
              om.inputs[i]?.type.toNumber() ?? -1,
              `${where}(${input.name.toString()})`,
            ),
          ),
        );
        problems.push(...diff(m.output.toNumber(), om.output.toNumber(), `${where} output`));
      }
    }
    expect(problems).toEqual([]);
  });

  it("encodes a commitment registration that finney's registry decodes to the same value", () => {
    const value = {
      deposit: 0,
      block: 4_000_123,
      info: {
        fields: [
          { Raw5: "0x68656c6c6f" },
          { BigRaw: `0x${"61".repeat(300)}` },
          { TimelockEncrypted: { encrypted: "0x0102", reveal_round: 1_234_567 } },
        ],
      },
    };
    const bytes = devnet.registry.createType("PalletCommitmentsRegistration", value).toU8a();
    const decoded = requireFinney().registry.createType("PalletCommitmentsRegistration", bytes);
    expect(decoded.toU8a()).toEqual(bytes);
    expect(decoded.toJSON()).toEqual(
      devnet.registry.createType("PalletCommitmentsRegistration", bytes).toJSON(),
    );
  });
});
