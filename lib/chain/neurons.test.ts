import { describe, expect, it } from "vitest";
import { ChainLayoutError } from "./codec";
import { assembleNeurons, type SubnetVectors } from "./neurons";

const base: SubnetVectors = {
  hotkeys: ["hk0", "hk1"],
  coldkeys: ["ck0", null],
  validatorPermit: [true, false],
  incentive: [0, 65_535],
  dividends: [65_535, 0],
  emission: [10n, 20n],
  stakeWeight: [1000n, 0n],
  registeredAt: [5, 9],
};

describe("assembleNeurons", () => {
  it("builds one row per UID from the subnet's vectors", () => {
    expect(assembleNeurons(base)[1]).toEqual({
      uid: 1,
      hotkey: "hk1",
      coldkey: null,
      validatorPermit: false,
      incentive: 65_535,
      dividends: 0,
      emission: 20n,
      stakeWeight: 0n,
      registeredAt: 9,
    });
  });

  it("reads vectors never written as zeros", () => {
    const rows = assembleNeurons({
      ...base,
      validatorPermit: [],
      incentive: [],
      dividends: [],
      emission: [],
    });
    expect(rows.map((r) => [r.validatorPermit, r.incentive, r.emission])).toEqual([
      [false, 0, 0n],
      [false, 0, 0n],
    ]);
  });

  it("throws a layout error when a vector misses a registered UID", () => {
    expect(() => assembleNeurons({ ...base, emission: [10n] })).toThrow(ChainLayoutError);
  });
});
