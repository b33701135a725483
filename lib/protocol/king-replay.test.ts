import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { orderEvents, replay } from "./king";
import { BEST_REMAINING, CLEAR, hotkeyChanged, judged, sub } from "./test-support/king-events";
import type { KingEvent, KingParams, KingState } from "./king-state";
import { epsilonAt } from "./margin";

// Random histories over a few UIDs, hotkeys and digests so copies, clearings and close scores all happen.
const judgedArb = fc.record({
  block: fc.integer({ min: 0, max: 120_000 }),
  lag: fc.integer({ min: 0, max: 500 }),
  uid: fc.integer({ min: 0, max: 4 }),
  hotkey: fc.integer({ min: 0, max: 6 }),
  digest: fc.integer({ min: 0, max: 3 }),
  score: fc.oneof(
    fc.constant(0),
    fc.constant(Number.NaN),
    fc.double({ min: 0.1, max: 0.12, noNaN: true }),
    fc.double({ min: 0, max: 1, noNaN: true }),
  ),
  failed: fc.boolean(),
});
const changeArb = fc.record({
  block: fc.integer({ min: 0, max: 120_000 }),
  uid: fc.integer({ min: 0, max: 4 }),
  hotkey: fc.option(fc.integer({ min: 0, max: 6 })),
});

const historyArb = fc
  .tuple(
    fc.array(judgedArb, { maxLength: 40 }),
    fc.uniqueArray(changeArb, { maxLength: 10, selector: (c) => `${c.block}/${c.uid}` }),
  )
  .map(([judgments, changes]): KingEvent[] => [
    ...judgments.map((j, i) =>
      judged(
        j.block,
        sub(i + 1, j.uid, Math.max(0, j.block - j.lag), {
          hotkey: `hk${j.hotkey}`,
          digest: `d${j.digest}`,
        }),
        j.score,
        j.failed ? "correctness_failed" : undefined,
      ),
    ),
    ...changes.map((c) => hotkeyChanged(c.block, c.uid, c.hotkey === null ? null : `hk${c.hotkey}`)),
  ]);

const paramsArb = fc.constantFrom<KingParams>(CLEAR, BEST_REMAINING);
const roundTrip = (state: KingState): KingState => JSON.parse(JSON.stringify(state)) as KingState;

describe("replay – properties", () => {
  it("gives the same state for any batch split, with a JSON round trip of the state between batches", () => {
    fc.assert(
      fc.property(historyArb, paramsArb, fc.array(fc.nat(), { maxLength: 5 }), (events, params, cuts) => {
        const ordered = orderEvents(events);
        const points = [...new Set(cuts.map((c) => c % (ordered.length + 1)))].sort((x, y) => x - y);
        let state: KingState | undefined;
        let start = 0;
        for (const end of [...points, ordered.length]) {
          state = roundTrip(replay(ordered.slice(start, end), params, state));
          start = end;
        }
        expect(state).toEqual(roundTrip(replay(events, params)));
      }),
      { numRuns: 300 },
    );
  });

  it("is deterministic whatever order the events arrive in", () => {
    fc.assert(
      fc.property(historyArb, paramsArb, fc.infiniteStream(fc.nat()), (events, params, seeds) => {
        const shuffled = [...events];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = seeds.next().value % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j] as KingEvent, shuffled[i] as KingEvent];
        }
        expect(replay(shuffled, params)).toEqual(replay(events, params));
      }),
      { numRuns: 200 },
    );
  });

  it("never replaces a king by a lower or equal score: a dethroning beats king × (1 + ε(age))", () => {
    fc.assert(
      fc.property(historyArb, paramsArb, (events, params) => {
        const { reigns } = replay(events, params);
        reigns.forEach((reign, i) => {
          const before = reigns[i - 1];
          if (before?.endReason !== "dethroned") return;
          const age = reign.fromBlock - before.fromBlock;
          expect(before.endedBySubmissionId).toBe(reign.submissionId);
          expect(reign.score).toBeGreaterThan(before.score);
          expect(reign.score).toBeGreaterThan(before.score * (1 + epsilonAt(age, params)));
        });
      }),
      { numRuns: 300 },
    );
  });

  it("only ever crowns finite scores > 0 from scored runs, and never a copy of the king", () => {
    fc.assert(
      fc.property(historyArb, paramsArb, (events, params) => {
        const state = replay(events, params);
        const byId = new Map(
          events.flatMap((e) => (e.type === "judged" ? [[e.submission.id, e] as const] : [])),
        );
        for (const reign of state.reigns) {
          const event = byId.get(reign.submissionId);
          expect(event?.consensus.status).toBe("scored");
          expect(Number.isFinite(reign.score) && reign.score > 0).toBe(true);
          expect(state.standings[reign.submissionId]?.kind).not.toBe("duplicate");
        }
      }),
      { numRuns: 300 },
    );
  });

  it("keeps at most one open reign, which is the current king's, and a JSON-stable state", () => {
    fc.assert(
      fc.property(historyArb, paramsArb, (events, params) => {
        const state = replay(events, params);
        const open = state.reigns.filter((r) => r.toBlock === null);
        expect(open.map((r) => r.submissionId)).toEqual(state.king === null ? [] : [state.king.id]);
        expect(roundTrip(state)).toEqual(state);
      }),
      { numRuns: 300 },
    );
  });

  it("under 'clear', never has a king right after a deregistration ended a reign", () => {
    fc.assert(
      fc.property(historyArb, (events) => {
        const { reigns } = replay(events, CLEAR);
        reigns.forEach((reign, i) => {
          if (reigns[i - 1]?.endReason === "deregistered") {
            expect(reign.thresholdBeaten).toBe(0);
            expect(reign.previousSubmissionId).toBeNull();
          }
        });
      }),
      { numRuns: 300 },
    );
  });
});
