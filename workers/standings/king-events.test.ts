import { describe, expect, it } from "vitest";
import { blockTimeEstimator } from "./block-times";
import { hotkeyChangedEvents } from "./king-events";

describe("hotkeyChangedEvents", () => {
  it("dates a change at the new hotkey's registration when it falls between the two snapshots", () => {
    const row = {
      snapshot_block: 2_100,
      previous_block: 1_000,
      uid: 5,
      hotkey: "new",
      registration_block: 1_990,
    };
    expect(hotkeyChangedEvents([row])).toEqual([
      { type: "hotkey_changed", block: 1_990, uid: 5, newHotkey: "new" },
    ]);
  });

  it("falls back to the snapshot block when the registration block is outside the window", () => {
    const stale = {
      snapshot_block: 2_100,
      previous_block: 1_000,
      uid: 5,
      hotkey: "new",
      registration_block: 900,
    };
    const future = { ...stale, registration_block: 3_000 };
    expect(hotkeyChangedEvents([stale, future]).map((e) => e.block)).toEqual([2_100, 2_100]);
  });

  it("dates a UID's first appearance at its registration", () => {
    const first = {
      snapshot_block: 1_000,
      previous_block: null,
      uid: 1,
      hotkey: "a",
      registration_block: 10,
    };
    expect(hotkeyChangedEvents([first])[0]?.block).toBe(10);
  });
});

describe("blockTimeEstimator", () => {
  const t = (iso: string) => new Date(iso);
  const estimate = blockTimeEstimator(
    [
      { block: 100, time: t("2026-01-01T00:20:00Z") },
      { block: 1_000, time: t("2026-01-01T03:20:00Z") },
      { block: 100, time: t("2026-01-01T09:00:00Z") }, // a later source for the same block is ignored
    ],
    12,
  );

  it("answers known blocks exactly and others from the nearest known block at 12 s a block", () => {
    expect(estimate(100)).toEqual(t("2026-01-01T00:20:00Z"));
    expect(estimate(110)).toEqual(t("2026-01-01T00:22:00Z"));
    expect(estimate(990)).toEqual(t("2026-01-01T03:18:00Z"));
    expect(estimate(1_005)).toEqual(t("2026-01-01T03:21:00Z"));
    expect(estimate(0)).toEqual(t("2026-01-01T00:00:00Z"));
  });

  it("answers null when no time is known", () => {
    expect(blockTimeEstimator([], 12)(5)).toBeNull();
  });
});
