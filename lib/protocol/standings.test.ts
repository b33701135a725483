import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { compareCommitOrder, findCopies } from "./copies";
import type { FinalityRun, PermitSnapshot } from "./finality";
import { judgingBlocks } from "./judging";
import { replay } from "./king";
import type { KingEvent, Standing, SubmissionRef } from "./king-state";
import { DEFAULT_PARAMS } from "./params";
import {
  advanceStandings,
  computeStandings,
  initialFrozenStandings,
  type HotkeyChangedEvent,
  type Standings,
  type StandingsWorld,
} from "./standings";

// Property tests over generated worlds: submissions (some sharing a digest), validators whose permits and
// stakes change from snapshot to snapshot, runs anchored anywhere and accepted in any order, UIDs changing
// hands. Short windows so that quorum, timeouts and judging waits all happen within a few hundred blocks.

const params = {
  ...DEFAULT_PARAMS,
  activeWindowBlocks: 300,
  quorumTimeoutBlocks: 60,
  maxJudgeWaitBlocks: 40,
  decayBlocks: 500,
  epsilon0: 0.05,
};
const paramsAt = () => params;
const HORIZON = 400;
const VALIDATORS = ["v0", "v1", "v2", "v3"];
const DIGESTS = ["d0", "d1", "d2"].map((d) => `sha256:${d.padEnd(64, "0")}`);

const snapshotArb: fc.Arbitrary<PermitSnapshot> = fc
  .record({
    block: fc.integer({ min: 0, max: HORIZON }),
    stakes: fc.tuple(...VALIDATORS.map(() => fc.constantFrom(null, 0n, 100n, 300n, 600n))),
  })
  .map(({ block, stakes }) => ({
    block,
    stakes: new Map(
      stakes.flatMap((stake, i) => (stake === null ? [] : [[VALIDATORS[i] as string, stake] as const])),
    ),
  }));

interface GeneratedRun {
  readonly submission: number;
  readonly validator: number;
  readonly delay: number;
  readonly receivedMs: number;
  readonly kind: "scored" | "failed" | "runner_error";
  readonly score: number;
}

const runArb: fc.Arbitrary<GeneratedRun> = fc.record({
  submission: fc.nat(5),
  validator: fc.nat(VALIDATORS.length - 1),
  delay: fc.nat(120),
  receivedMs: fc.nat(5),
  kind: fc.constantFrom("scored", "scored", "scored", "failed", "runner_error"),
  score: fc.constantFrom(0, 0.1, 0.2, 0.21, 0.3, 0.5),
});

const worldArb: fc.Arbitrary<StandingsWorld> = fc
  .record({
    submissions: fc.array(
      fc.record({ hotkey: fc.nat(4), digest: fc.nat(DIGESTS.length - 1), commitBlock: fc.nat(200) }),
      { minLength: 1, maxLength: 6 },
    ),
    snapshots: fc.array(snapshotArb, { minLength: 1, maxLength: 4 }),
    runs: fc.array(runArb, { maxLength: 24 }),
    changes: fc.array(fc.record({ block: fc.integer({ min: 1, max: HORIZON }), uid: fc.nat(6) }), {
      maxLength: 2,
    }),
  })
  .map(({ submissions, snapshots, runs, changes }) => {
    const subs: SubmissionRef[] = submissions.map((s, i) => ({
      id: i + 1,
      hotkey: `hk${s.hotkey}`,
      uid: i,
      digest: DIGESTS[s.digest] as string,
      commitBlock: s.commitBlock,
    }));
    const finalityRuns: FinalityRun[] = runs.flatMap((r, i) => {
      const s = subs[r.submission % subs.length] as SubmissionRef;
      const anchorBlock = s.commitBlock + r.delay;
      const failed = r.kind !== "scored";
      return [
        {
          runId: `r${String(i).padStart(3, "0")}`,
          submissionId: s.id,
          validatorHotkey: VALIDATORS[r.validator] as string,
          anchorBlock,
          receivedAt: new Date(Date.UTC(2026, 0, 1) + anchorBlock * 12_000 + r.receivedMs).toISOString(),
          outcome: failed ? ("failed" as const) : ("scored" as const),
          score: failed ? 0 : r.score,
          ...(r.kind === "failed" ? { failureReason: "correctness_failed" as const } : {}),
          ...(r.kind === "runner_error" ? { failureReason: "runner_error" as const } : {}),
        },
      ];
    });
    const hotkeyChanges: HotkeyChangedEvent[] = changes.map((c) => ({
      type: "hotkey_changed",
      block: c.block,
      uid: c.uid,
      newHotkey: `newcomer-${c.uid}`,
    }));
    return { submissions: subs, runs: finalityRuns, snapshots, hotkeyChanges, ingestedBlock: HORIZON };
  });

/** What was known when ingest stood at `block`: runs anchored, snapshots and UID changes up to it. */
function knownAt(world: StandingsWorld, block: number): StandingsWorld {
  return {
    submissions: world.submissions.filter((s) => s.commitBlock <= block),
    runs: world.runs.filter((r) => r.anchorBlock <= block),
    snapshots: world.snapshots.filter((s) => s.block <= block),
    hotkeyChanges: world.hotkeyChanges.filter((e) => e.block <= block),
    ingestedBlock: block,
  };
}

/** Everything recorded by `before` still reads the same in `after`. */
function expectRecordedUnchanged(before: Standings, after: Standings): void {
  for (const [id, f] of before.frozen.finality) expect(after.frozen.finality.get(id)).toEqual(f);
  // A king's standing turns former_king when it is dethroned later; nothing else about it changes.
  const asRecorded = (v: Standing | undefined) =>
    v && { ...v, kind: v.kind === "former_king" ? "king" : v.kind };
  for (const [id, v] of Object.entries(before.frozen.king.standings)) {
    expect(asRecorded(after.frozen.king.standings[Number(id)])).toEqual(asRecorded(v));
  }
  before.frozen.king.reigns.forEach((reign, i) => {
    const now = after.frozen.king.reigns[i];
    if (reign.toBlock === null)
      expect({ ...now, toBlock: null, endReason: null, endedBySubmissionId: null }).toEqual(reign);
    else expect(now).toEqual(reign);
  });
}

describe("standings – properties over generated worlds", () => {
  it("(a) runs after a final verdict, and permit or stake changes afterwards, rewrite nothing recorded", () => {
    fc.assert(
      fc.property(
        worldArb,
        fc.integer({ min: 50, max: HORIZON - 1 }),
        fc.array(runArb, { maxLength: 10 }),
        fc.array(snapshotArb, { maxLength: 3 }),
        (world, cut, extraRuns, extraSnapshots) => {
          const past = knownAt(world, cut);
          const before = computeStandings(past, paramsAt);
          // New runs for any submission (final ones included), anchored at the cut or later as a run accepted
          // then would be, and accepted after every run already there; new snapshots after the cut.
          const later: FinalityRun[] = extraRuns.map((r, i) => {
            const s = world.submissions[r.submission % world.submissions.length] as SubmissionRef;
            // Half of them at the cut itself: a run accepted now is anchored at the ingested block.
            const anchorBlock = cut + (r.delay % 2 === 0 ? 0 : r.delay);
            return {
              runId: `late${i}`,
              submissionId: s.id,
              validatorHotkey: VALIDATORS[r.validator] as string,
              anchorBlock,
              receivedAt: new Date(Date.UTC(2026, 0, 1) + anchorBlock * 12_000 + 10 + i).toISOString(),
              outcome: "scored",
              score: r.score,
            };
          });
          const future: StandingsWorld = {
            ...world,
            runs: [...world.runs, ...later],
            snapshots: [
              ...world.snapshots,
              ...extraSnapshots.map((s) => ({ ...s, block: cut + 1 + s.block })),
            ],
            ingestedBlock: HORIZON + 200,
          };
          expectRecordedUnchanged(before, computeStandings(future, paramsAt));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("(b) a copy never holds the throne, whatever order the evaluations finish in", () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const copies = findCopies(world.submissions);
        const { king } = computeStandings(world, paramsAt);
        for (const reign of king.reigns) expect(copies.has(reign.submissionId)).toBe(false);
        for (const id of copies.keys()) {
          const standing = king.standings[id];
          if (standing !== undefined)
            expect(standing.kind === "duplicate" || standing.kind === "deregistered").toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("(c) when every verdict is final within the wait, the king history does not depend on their order", () => {
    const scoreArb = fc.constantFrom(0, 0.1, 0.2, 0.21, 0.3);
    fc.assert(
      fc.property(
        fc.array(fc.record({ commitBlock: fc.nat(50), score: scoreArb, failed: fc.boolean() }), {
          minLength: 1,
          maxLength: 7,
        }),
        fc.array(fc.nat(params.maxJudgeWaitBlocks), { minLength: 7, maxLength: 7 }),
        fc.array(fc.nat(params.maxJudgeWaitBlocks), { minLength: 7, maxLength: 7 }),
        (subs, offsetsA, offsetsB) => {
          const submissions: SubmissionRef[] = subs.map((s, i) => ({
            id: i + 1,
            hotkey: `hk${i}`,
            uid: i,
            digest: `sha256:${String(i).padEnd(64, "0")}`,
            commitBlock: s.commitBlock,
          }));
          // Every verdict final within maxJudgeWaitBlocks of block 100, in two different orders.
          const history = (offsets: number[]) => {
            const judging = judgingBlocks(
              submissions.map((s, i) => ({ ...s, finalBlock: 100 + (offsets[i] as number) })),
              1_000,
              paramsAt,
            );
            const events: KingEvent[] = submissions.map((s, i) => {
              const j = judging.get(s.id);
              if (j?.status !== "judged") throw new Error("every submission is judged");
              const { score, failed } = subs[i] as { score: number; failed: boolean };
              return {
                type: "judged",
                block: j.block,
                submission: s,
                consensus: failed
                  ? { status: "failed", score: 0, failureReason: "oom" }
                  : { status: "scored", score },
              };
            });
            const state = replay(events, { ...params, epsilon0: 0 });
            const applied = [...events].sort(
              (a, b) =>
                a.block - b.block ||
                compareCommitOrder(
                  (a as { submission: SubmissionRef }).submission,
                  (b as { submission: SubmissionRef }).submission,
                ),
            );
            return {
              order: applied.map((e) => (e as { submission: SubmissionRef }).submission.id),
              kings: state.reigns.map((r) => [r.submissionId, r.endReason]),
              standings: Object.fromEntries(Object.entries(state.standings).map(([id, v]) => [id, v.kind])),
            };
          };
          const a = history(offsetsA);
          expect(a.order).toEqual([...submissions].sort(compareCommitOrder).map((s) => s.id));
          expect(history(offsetsB)).toEqual(a);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("(d) advancing pass by pass from frozen states equals a rebuild from stored rows", () => {
    fc.assert(
      fc.property(
        worldArb,
        fc.array(fc.integer({ min: 0, max: HORIZON }), { minLength: 1, maxLength: 6 }),
        (world, cuts) => {
          let frozen = initialFrozenStandings();
          for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
            frozen = advanceStandings(frozen, knownAt(world, cut), paramsAt).frozen;
          }
          const incremental = advanceStandings(frozen, world, paramsAt);
          const rebuilt = computeStandings(world, paramsAt);
          expect(incremental.frozen).toEqual(rebuilt.frozen);
          expect(incremental.king).toEqual(rebuilt.king);
          expect(incremental.finality).toEqual(rebuilt.finality);
          expect(incremental.runs).toEqual(rebuilt.runs);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("advanceStandings", () => {
  it("freezes only what lies before the ingested block: a run of that block accepted later still counts", () => {
    const s0: SubmissionRef = {
      id: 1,
      hotkey: "hk0",
      uid: 0,
      digest: DIGESTS[0] as string,
      commitBlock: 0,
    };
    const run = (
      runId: string,
      validatorHotkey: string,
      anchorBlock: number,
      score: number,
      submissionId = s0.id,
    ) => ({
      runId,
      submissionId,
      validatorHotkey,
      anchorBlock,
      receivedAt: new Date(Date.UTC(2026, 0, 1) + anchorBlock * 12_000).toISOString(),
      outcome: "scored" as const,
      score,
    });
    const world: StandingsWorld = {
      submissions: [s0],
      // v1 (900) is active from its run for another submission; v0 (100) alone never reaches the quorum.
      runs: [run("a", "v1", 5, 0.1, 2), run("b", "v0", 10, 0.1)],
      snapshots: [
        {
          block: 0,
          stakes: new Map([
            ["v0", 100n],
            ["v1", 900n],
          ]),
        },
      ],
      hotkeyChanges: [],
      ingestedBlock: 70,
    };
    // Final by timeout at 10 + 60 = 70, the ingested block, with v0's run alone.
    const first = computeStandings(world, paramsAt);
    expect(first.finality.get(s0.id)).toMatchObject({ status: "final", how: "timeout", block: 70 });
    expect(first.frozen.finality.has(s0.id)).toBe(false);
    // v1's run accepted next, still anchored at 70: it counts, for the incremental state and a rebuild alike.
    const later = { ...world, runs: [...world.runs, run("c", "v1", 70, 0.3)], ingestedBlock: 71 };
    const next = advanceStandings(first.frozen, later, paramsAt);
    expect(next.finality.get(s0.id)).toMatchObject({ status: "final", block: 70, verdict: { score: 0.3 } });
    expect(next.finality).toEqual(computeStandings(later, paramsAt).finality);
  });
});
