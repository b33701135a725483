import { describe, expect, it } from "vitest";
import { isEpochBlock, nextEpochBlock } from "./epoch";

describe("isEpochBlock", () => {
  it("matches subtensor's (block + netuid + 1) % (tempo + 1) == 0 rule", () => {
    const epochs = Array.from({ length: 800 }, (_, b) => b).filter((b) => isEpochBlock(b, 14, 360));
    expect(epochs).toEqual([346, 707]);
  });

  it("never runs an epoch with tempo 0", () => {
    expect(isEpochBlock(0, 0, 0)).toBe(false);
  });
});

describe("nextEpochBlock", () => {
  it("returns the first epoch block strictly after the given one", () => {
    expect(nextEpochBlock(0, 14, 360)).toBe(346);
    expect(nextEpochBlock(345, 14, 360)).toBe(346);
    expect(nextEpochBlock(346, 14, 360)).toBe(707);
    expect(nextEpochBlock(10, 14, 0)).toBeNull();
  });
});
