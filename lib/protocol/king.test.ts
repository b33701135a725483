import { describe, expect, it } from "vitest";

import { applyEvent, initialKingState, orderEvents, replay, withoutSettledVerdicts } from "./king";
import { BEST_REMAINING, CLEAR, hotkeyChanged, judged, sub } from "./test-support/king-events";

const a = sub(1, 1, 10);
const b = sub(2, 2, 20);
const c = sub(3, 3, 30);
const d = sub(4, 4, 40);

describe("replay – crowning", () => {
  it("crowns the first correct submission with score > 0 when there is no king, threshold 0", () => {
    const state = replay([judged(100, a, 0.2)], CLEAR);
    expect(state.king).toEqual({ ...a, score: 0.2, crownedBlock: 100 });
    expect(state.reigns).toEqual([
      {
        submissionId: a.id,
        hotkey: a.hotkey,
        uid: 1,
        score: 0.2,
        fromBlock: 100,
        toBlock: null,
        thresholdBeaten: 0,
        previousSubmissionId: null,
        previousScore: null,
        endReason: null,
        endedBySubmissionId: null,
      },
    ]);
    expect(state.standings[a.id]).toMatchObject({ kind: "king", threshold: 0, againstKingId: null });
  });

  it("never crowns a score of 0, even with no king (zero_score)", () => {
    const state = replay([judged(100, a, 0), judged(110, b, 0.1)], CLEAR);
    expect(state.standings[a.id]?.kind).toBe("zero_score");
    expect(state.king?.id).toBe(b.id);
  });

  it("never crowns a non-finite score, and records it as null so the state stays JSON", () => {
    const state = replay([judged(100, a, Number.POSITIVE_INFINITY), judged(101, b, Number.NaN)], CLEAR);
    expect(state.king).toBeNull();
    expect(state.standings[a.id]).toMatchObject({ kind: "zero_score", score: null });
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it("never crowns a failed run (failed correctness), even with no king or a high score", () => {
    const state = replay([judged(100, a, 0.9, "correctness_failed")], CLEAR);
    expect(state.king).toBeNull();
    expect(state.standings[a.id]).toMatchObject({ kind: "failed", failureReason: "correctness_failed" });
  });
});

describe("replay – the margin", () => {
  it("keeps a near-miss inside the margin ranked, recording the threshold it missed", () => {
    const state = replay([judged(100, a, 0.2), judged(200, b, 0.201)], CLEAR);
    expect(state.king?.id).toBe(a.id);
    expect(state.standings[b.id]).toMatchObject({ kind: "ranked", againstKingId: a.id });
    expect(state.standings[b.id]?.threshold).toBeCloseTo(0.2 * (1 + 0.01 * (1 - 100 / 50_400)), 15);
  });

  it("crowns a challenger strictly above king_score × (1 + ε(age)), age measured at its final block", () => {
    const state = replay([judged(100, a, 0.2), judged(100 + 40_000, b, 0.201)], CLEAR);
    const threshold = 0.2 * (1 + 0.01 * (1 - 40_000 / 50_400));
    expect(state.king).toMatchObject({ id: b.id, crownedBlock: 40_100 });
    expect(state.reigns).toHaveLength(2);
    expect(state.reigns[0]).toMatchObject({
      toBlock: 40_100,
      endReason: "dethroned",
      endedBySubmissionId: b.id,
    });
    expect(state.reigns[1]).toMatchObject({
      submissionId: b.id,
      previousSubmissionId: a.id,
      previousScore: 0.2,
    });
    expect(state.reigns[1]?.thresholdBeaten).toBeCloseTo(threshold, 15);
    expect(state.standings[a.id]?.kind).toBe("former_king");
  });

  it("does not crown an equal score after the margin fully decayed (strictly exceeds)", () => {
    const state = replay([judged(100, a, 0.2), judged(100 + 60_000, b, 0.2)], CLEAR);
    expect(state.king?.id).toBe(a.id);
  });

  it("uses the age from the current king's coronation, not from the first king's", () => {
    const state = replay([judged(100, a, 0.2), judged(60_000, b, 0.25), judged(60_001, c, 0.251)], CLEAR);
    expect(state.king?.id).toBe(b.id);
    expect(state.standings[c.id]?.kind).toBe("ranked");
  });
});

describe("replay – copies", () => {
  it("records a copy as duplicate of its original and never crowns it, even with no king", () => {
    const copy = sub(6, 5, 50, { digest: a.digest });
    const state = replay([{ ...judged(100, copy, 0.9), duplicateOf: a.id }], CLEAR);
    expect(state.king).toBeNull();
    expect(state.standings[copy.id]).toMatchObject({ kind: "duplicate", duplicateOf: a.id, threshold: null });
    expect(state.candidates).toEqual([]);
  });

  it("crowns the original judged after its copy", () => {
    const copy = sub(6, 5, 50, { digest: a.digest });
    const state = replay([{ ...judged(100, copy, 0.9), duplicateOf: a.id }, judged(200, a, 0.2)], CLEAR);
    expect(state.king?.id).toBe(a.id);
  });
});

describe("replay – no revival", () => {
  it("never crowns a ranked submission later, neither against the same king nor a later one", () => {
    const state = replay(
      [judged(100, a, 0.2), judged(200, b, 0.201), judged(300, c, 0.3), judged(90_000, b, 0.9)],
      CLEAR,
    );
    expect(state.king?.id).toBe(c.id);
    expect(state.standings[b.id]).toMatchObject({ kind: "ranked", block: 200 });
  });
});

describe("replay – no revival by a later king", () => {
  it("keeps a ranked submission ranked when a later, weaker king is crowned after a clearing", () => {
    const weak = sub(7, 7, 350);
    const state = replay(
      [judged(100, a, 0.2), judged(200, b, 0.201), hotkeyChanged(300, 1, "x"), judged(400, weak, 0.05)],
      CLEAR,
    );
    expect(state.king?.id).toBe(weak.id);
    expect(state.standings[b.id]).toMatchObject({ kind: "ranked", againstKingId: a.id });
  });
});

describe("replay – the king's hotkey leaves its UID", () => {
  const history = [
    hotkeyChanged(50, 1, a.hotkey),
    judged(100, a, 0.3),
    judged(200, b, 0.25),
    judged(210, c, 0.28),
    judged(220, d, 0.1, "oom"),
    hotkeyChanged(300, 1, "someone-else"),
  ];

  it("ignores a change that leaves the king's hotkey in place", () => {
    expect(replay([judged(100, a, 0.3), hotkeyChanged(150, 1, a.hotkey)], CLEAR).king?.id).toBe(a.id);
  });

  it("clears the throne under onKingGone 'clear' and records the reign as deregistered", () => {
    const state = replay(history, CLEAR);
    expect(state.king).toBeNull();
    expect(state.reigns[0]).toMatchObject({
      toBlock: 300,
      endReason: "deregistered",
      endedBySubmissionId: null,
    });
    expect(state.standings[a.id]?.kind).toBe("former_king");
    expect(state.standings[c.id]?.kind).toBe("ranked");
  });

  it("then crowns the next correct challenger with score > 0 at threshold 0, lower score or not", () => {
    const e = sub(5, 6, 400);
    const state = replay([...history, judged(500, e, 0.05)], CLEAR);
    expect(state.king?.id).toBe(e.id);
    expect(state.reigns[1]).toMatchObject({
      thresholdBeaten: 0,
      previousSubmissionId: null,
      previousScore: null,
    });
  });

  it("crowns the best remaining correct submission under 'best_remaining'", () => {
    const state = replay(history, BEST_REMAINING);
    expect(state.king).toMatchObject({ id: c.id, crownedBlock: 300 });
    expect(state.reigns[1]).toMatchObject({
      submissionId: c.id,
      thresholdBeaten: 0,
      previousSubmissionId: a.id,
      previousScore: 0.3,
    });
    expect(state.standings[c.id]?.kind).toBe("king");
  });

  it("skips submissions whose hotkey also left under 'best_remaining'", () => {
    const state = replay(
      [...history.slice(0, -1), hotkeyChanged(250, 3, "other"), history[5]!],
      BEST_REMAINING,
    );
    expect(state.king?.id).toBe(b.id);
  });

  it("leaves the throne empty under 'best_remaining' when no correct submission remains", () => {
    const state = replay(
      [judged(100, a, 0.3), judged(110, d, 0, undefined), hotkeyChanged(300, 1, null)],
      BEST_REMAINING,
    );
    expect(state.king).toBeNull();
  });

  it("does not crown a submission whose hotkey left its UID before it was judged", () => {
    const state = replay([hotkeyChanged(90, 2, "new-owner"), judged(100, b, 0.5)], CLEAR);
    expect(state.king).toBeNull();
    expect(state.standings[b.id]?.kind).toBe("deregistered");
  });
});

describe("orderEvents", () => {
  it("orders by block, UID changes before judgments, then commit block, then lower UID", () => {
    const x = sub(8, 9, 5);
    const y = sub(9, 2, 5);
    const z = sub(10, 1, 7);
    const ordered = orderEvents([
      judged(10, z, 1),
      judged(10, x, 1),
      hotkeyChanged(10, 4, "h"),
      judged(10, y, 1),
      judged(3, z, 1),
    ]);
    expect(ordered.map((e) => (e.type === "judged" ? e.submission.id : "uid4"))).toEqual([
      z.id,
      "uid4",
      y.id,
      x.id,
      z.id,
    ]);
  });

  it("breaks a tie of commit block and UID by the smaller id, compared as numbers", () => {
    const ordered = orderEvents([judged(10, sub(10, 1, 5), 1), judged(10, sub(9, 1, 5), 1)]);
    expect(ordered.map((e) => (e.type === "judged" ? e.submission.id : null))).toEqual([9, 10]);
  });

  it("judges submissions final at the same block in commit order (ties: lower UID crowned first)", () => {
    const high = sub(11, 9, 10);
    const low = sub(12, 3, 10);
    const state = replay([judged(50, high, 0.2), judged(50, low, 0.2)], CLEAR);
    expect(state.king?.id).toBe(low.id);
    expect(state.standings[high.id]?.kind).toBe("ranked");
  });
});

describe("applyEvent", () => {
  it("judges a submission once: a repeated judgment changes nothing", () => {
    const once = applyEvent(initialKingState(), judged(100, a, 0.2), CLEAR);
    expect(applyEvent(once, judged(101, a, 0.9), CLEAR)).toEqual({ ...once, lastBlock: 101 });
  });

  it("throws on an event older than the last one applied", () => {
    const state = applyEvent(initialKingState(), judged(100, a, 0.2), CLEAR);
    expect(() => applyEvent(state, judged(99, b, 0.3), CLEAR)).toThrow(RangeError);
  });

  it("does not mutate the state it is given", () => {
    const state = applyEvent(initialKingState(), judged(100, a, 0.2), CLEAR);
    const snapshot = JSON.stringify(state);
    applyEvent(state, judged(60_000, b, 0.5), CLEAR);
    expect(JSON.stringify(state)).toBe(snapshot);
  });
});

describe("replay – parameters per block", () => {
  it("judges each event with the parameters in force at its block", () => {
    const history = [judged(100, a, 0.3), judged(200, b, 0.25), hotkeyChanged(2_000, 1, "x")];
    const resolver = (block: number) => (block < 1_000 ? CLEAR : BEST_REMAINING);
    expect(replay(history, resolver).king?.id).toBe(b.id);
    expect(replay(history, CLEAR).king).toBeNull();
  });
});

describe("withoutSettledVerdicts", () => {
  const history = [judged(100, a, 0.3), judged(200, b, 0.1), judged(300, c, 0.5), judged(400, d, 0)];
  const later = [hotkeyChanged(2_000, 3, "x"), judged(2_100, sub(5, 5, 1_900), 0.05)];

  it.each([
    ["clear", CLEAR],
    ["best_remaining", BEST_REMAINING],
  ] as const)("continues (%s) exactly as the full state does, but the verdicts it dropped", (_, params) => {
    const full = replay(history, params);
    const compact = withoutSettledVerdicts(full);
    // c is king, a and b are candidates; d (zero score) is settled for good.
    expect(Object.keys(compact.standings)).toEqual([a.id, b.id, c.id].map(String));
    const fromFull = replay(later, params, full);
    const fromCompact = replay(later, params, compact);
    const { standings: fullVerdicts, ...fullRest } = fromFull;
    const { standings: compactVerdicts, ...compactRest } = fromCompact;
    expect(compactRest).toEqual(fullRest);
    expect(compactVerdicts).toEqual(
      Object.fromEntries(Object.entries(fullVerdicts).filter(([id]) => id !== String(d.id))),
    );
  });
});
