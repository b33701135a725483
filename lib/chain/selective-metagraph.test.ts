import { describe, expect, it } from "vitest";
import { decodeSelectiveMetagraph, METAGRAPH_INDEX } from "./selective-metagraph";
import { finneyCallOutput, finneyCallType, loadFinney } from "./test-support/finney";

const finney = loadFinney();
const ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
const BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";

describe.skipIf(!finney)("decodeSelectiveMetagraph on finney spec 424 layouts", () => {
  const output = (value: unknown) => {
    const type = finneyCallType(finney!, "SubnetInfoRuntimeApi", "get_selective_metagraph");
    const bytes = finney!.registry.createTypeUnsafe(type, [value]).toU8a();
    return finneyCallOutput(finney!, "SubnetInfoRuntimeApi", "get_selective_metagraph", bytes);
  };

  it("finds each field it reads at the index finney declares", () => {
    const fields = finney!.registry.lookup.types
      .find(
        (t) =>
          t.type.path.map(String).join("::") === "pallet_subtensor::rpc_info::metagraph::SelectiveMetagraph",
      )
      ?.type.def.asComposite.fields.map((f) => f.name.unwrap().toString());
    for (const [name, index] of Object.entries(METAGRAPH_INDEX)) {
      expect(fields?.[index]?.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())).toBe(name);
    }
  });

  it("decodes the requested fields and leaves the others undefined", () => {
    const decoded = decodeSelectiveMetagraph(
      output({
        netuid: 14,
        block: 5_000_000,
        tempo: 360,
        hotkeys: [ALICE, BOB],
        validator_permit: [true, false],
        emission: [1_000, 2_000],
        incentives: [0, 65_535],
        alpha_stake: [5_000_000_000, 0],
        moving_price: { bits: (BigInt(95) << 32n) / 10_000n },
      }),
    );
    expect(decoded).toMatchObject({
      netuid: 14,
      block: 5_000_000,
      tempo: 360,
      hotkeys: [ALICE, BOB],
      validatorPermit: [true, false],
      emission: [1_000n, 2_000n],
      incentives: [0, 65_535],
      alphaStake: [5_000_000_000n, 0n],
    });
    expect(decoded?.movingPrice).toBeCloseTo(0.0095, 9);
    expect(decoded?.coldkeys).toBeUndefined();
    expect(decoded?.dividends).toBeUndefined();
  });

  it("returns null for a subnet that does not exist", () => {
    expect(decodeSelectiveMetagraph(output(null))).toBeNull();
  });
});
