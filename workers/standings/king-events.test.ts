import { describe, expect, it } from "vitest";
import { blockTimeEstimator } from "./block-times";
import { replay, type KingEvent } from "@/lib/protocol/king";
import { followSwaps, hotkeyChangedEvents } from "./king-events";

describe("hotkeyChangedEvents", () => {
  it("dates a change at the new hotkey's registration when it falls between the two snapshots", () => {
    const row = {
      snapshotBlock: 2_100,
      previousBlock: 1_000,
      uid: 5,
      hotkey: "new",
      registrationBlock: 1_990,
    };
    expect(hotkeyChangedEvents([row])).toEqual([
      { type: "hotkey_changed", block: 1_990, uid: 5, newHotkey: "new" },
    ]);
  });

  it("falls back to the snapshot block when the registration block is outside the window", () => {
    const stale = {
      snapshotBlock: 2_100,
      previousBlock: 1_000,
      uid: 5,
      hotkey: "new",
      registrationBlock: 900,
    };
    const future = { ...stale, registrationBlock: 3_000 };
    expect(hotkeyChangedEvents([stale, future]).map((e) => e.block)).toEqual([2_100, 2_100]);
  });

  it("dates a UID's first appearance at its registration", () => {
    const first = {
      snapshotBlock: 1_000,
      previousBlock: null,
      uid: 1,
      hotkey: "a",
      registrationBlock: 10,
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

describe("followSwaps", () => {
  const P = { epsilon0: 0.01, decayBlocks: 50_400, onKingGone: "clear" } as const;
  const king = { id: 1, hotkey: "old", uid: 3, digest: "sha256:k", commitBlock: 10 };
  const events: KingEvent[] = [
    { type: "hotkey_changed", block: 5, uid: 3, newHotkey: "old" },
    { type: "judged", block: 20, submission: king, consensus: { status: "scored", score: 0.5 } },
    // The snapshot after the swap shows the UID under its new hotkey, registration unchanged.
    { type: "hotkey_changed", block: 40, uid: 3, newHotkey: "new" },
  ];
  const swap = { blockNumber: 40, uid: 3, oldHotkey: "old", newHotkey: "new" };

  it("keeps the reign of a king whose hotkey was swapped, under the new hotkey", () => {
    const state = replay(followSwaps(events, [swap]), P);
    expect(state.king).toMatchObject({ id: 1, hotkey: "new", uid: 3 });
    expect(state.reigns).toMatchObject([{ submissionId: 1, hotkey: "new", endReason: null }]);
  });

  it("without the swap, the same snapshots end the reign as a deregistration", () => {
    const state = replay(events, P);
    expect(state.king).toBeNull();
    expect(state.reigns).toMatchObject([{ submissionId: 1, endReason: "deregistered" }]);
  });

  it("follows a chain of swaps to the hotkey the UID ended with", () => {
    const again = { blockNumber: 60, uid: 3, oldHotkey: "new", newHotkey: "newer" };
    const more: KingEvent[] = [...events, { type: "hotkey_changed", block: 60, uid: 3, newHotkey: "newer" }];
    expect(replay(followSwaps(more, [swap, again]), P).king).toMatchObject({ hotkey: "newer" });
  });
});
