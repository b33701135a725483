import { describe, expect, it } from "vitest";
import { epochOutcome, isLegacyEpochBlock, needsEpochIndex } from "./epoch";
import type { SubnetEvent } from "./events";

const at = (block: number, lastEpochBlock: number | null, events: SubnetEvent[] = [], tempo = 360) => ({
  block,
  netuid: 14,
  tempo,
  lastEpochBlock,
  events,
});

describe("isLegacyEpochBlock", () => {
  it("fires where subtensor's blocks_until_next_epoch is 0: (block + netuid + 1) % (tempo + 1) == tempo", () => {
    // blocks_until_next_epoch's own table: tempo 1 netuid 0 -> block 0; tempo 2 netuid 1 -> 0; tempo 100 netuid 0 -> 99.
    expect(isLegacyEpochBlock(0, 0, 1)).toBe(true);
    expect(isLegacyEpochBlock(0, 1, 2)).toBe(true);
    expect(isLegacyEpochBlock(99, 0, 100)).toBe(true);
    expect(isLegacyEpochBlock(98, 1, 100)).toBe(true);
    const epochs = Array.from({ length: 800 }, (_, b) => b).filter((b) => isLegacyEpochBlock(b, 14, 360));
    expect(epochs).toEqual([345, 706]);
  });

  it("never fires at tempo 0", () => {
    expect(isLegacyEpochBlock(0, 0, 0)).toBe(false);
  });
});

describe("epochOutcome", () => {
  it("uses the legacy rule only when the runtime has no LastEpochBlock", () => {
    expect(epochOutcome(at(345, null))).toBe("ran");
    expect(epochOutcome(at(346, null))).toBe("none");
    // With LastEpochBlock the formula means nothing: only the state does.
    expect(epochOutcome(at(345, 300))).toBe("none");
    expect(epochOutcome(at(301, 301))).toBe("ran");
  });

  it("before stateful scheduling, reads LastMechansimStepBlock where the runtime has it", () => {
    expect(epochOutcome({ ...at(346, null), lastStepBlock: 346 })).toBe("ran");
    // The formula's block is not an epoch when the runtime's own state says otherwise.
    expect(epochOutcome({ ...at(345, null), lastStepBlock: 300 })).toBe("none");
  });

  it("never finds one in genesis, whose LastEpochBlock and LastMechansimStepBlock read 0", () => {
    expect(epochOutcome(at(0, 0))).toBe("none");
    expect(epochOutcome({ ...at(0, null), lastStepBlock: 0 })).toBe("none");
  });

  it("an EpochSkipped slot for the subnet wrote no emission", () => {
    const skipped: SubnetEvent = { kind: "epoch-skipped", netuid: 14, block: 500 };
    expect(epochOutcome(at(500, 500, [skipped]))).toBe("skipped");
    expect(epochOutcome(at(500, 500, [{ ...skipped, netuid: 3 }]))).toBe("ran");
  });

  it("a set_tempo cycle reset is an epoch only when SubnetEpochIndex advanced", () => {
    const reset: SubnetEvent = { kind: "tempo-set", netuid: 14, tempo: 100 };
    expect(needsEpochIndex(at(700, 700, [reset]))).toBe(true);
    expect(needsEpochIndex(at(700, 700, []))).toBe(false);
    expect(epochOutcome({ ...at(700, 700, [reset]), epochIndexAdvanced: false })).toBe("none");
    expect(epochOutcome({ ...at(700, 700, [reset]), epochIndexAdvanced: true })).toBe("ran");
    // register_network seeds LastEpochBlock = block when the netuid's stagger is 0.
    const added: SubnetEvent = { kind: "network-added", netuid: 14 };
    expect(needsEpochIndex(at(720, 720, [added]))).toBe(true);
    expect(epochOutcome({ ...at(720, 720, [added]), epochIndexAdvanced: false })).toBe("none");
  });
});
