import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  computeScore,
  median,
  promptMatchRate,
  summarizeRun,
  throughputImprovement,
  throughputTps,
  ttftImprovement,
} from "./scoring";

const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 });

describe("median", () => {
  it("takes the middle value of an odd count", () => {
    expect(median([5, 1, 3])).toBe(3);
  });

  it("takes the mean of the two middle values of an even count", () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("returns NaN for no values", () => {
    expect(median([])).toBeNaN();
  });

  it("is independent of the order of its input", () => {
    fc.assert(
      fc.property(
        fc.array(finite, { minLength: 1, maxLength: 30 }),
        fc.infiniteStream(fc.nat()),
        (xs, seeds) => {
          const shuffled = [...xs];
          for (let i = shuffled.length - 1; i > 0; i--) {
            const j = seeds.next().value % (i + 1);
            [shuffled[i], shuffled[j]] = [shuffled[j] as number, shuffled[i] as number];
          }
          expect(median(shuffled)).toBe(median(xs));
        },
      ),
    );
  });

  it("does not reorder the caller's array", () => {
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
  });
});

describe("ttftImprovement", () => {
  it("is (baseline − ttft) / baseline on medians", () => {
    expect(ttftImprovement(750, 1000)).toBeCloseTo(0.25, 12);
  });

  it("is 0 for a server slower than the baseline (never negative)", () => {
    expect(ttftImprovement(1200, 1000)).toBe(0);
  });

  it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY])(
    "is 0 when the baseline median is %s",
    (baseline) => {
      expect(ttftImprovement(100, baseline)).toBe(0);
    },
  );

  it("is 0 when the submission's median is not finite", () => {
    expect(ttftImprovement(Number.NaN, 1000)).toBe(0);
  });
});

describe("throughputImprovement", () => {
  it("is (throughput − baseline) / baseline on medians", () => {
    expect(throughputImprovement(60, 40)).toBeCloseTo(0.5, 12);
  });

  it("is 0 for a server slower than the baseline", () => {
    expect(throughputImprovement(30, 40)).toBe(0);
  });

  it.each([0, -1, Number.NaN, Number.NEGATIVE_INFINITY])(
    "is 0 when the baseline median is %s",
    (baseline) => {
      expect(throughputImprovement(100, baseline)).toBe(0);
    },
  );
});

describe("computeScore", () => {
  const input = {
    medianTtftMs: 800,
    medianThroughputTps: 50,
    baselineMedianTtftMs: 1000,
    baselineMedianThroughputTps: 40,
  };

  it("weighs both improvements by one half (0.5 × 0.2 + 0.5 × 0.25 = 0.225)", () => {
    expect(computeScore({ ...input, failed: false })).toBeCloseTo(0.225, 12);
  });

  it("is 0 when the run failed, however fast it was", () => {
    expect(computeScore({ ...input, failed: true })).toBe(0);
  });

  it("is 0 for a server that only matches vLLM", () => {
    expect(computeScore({ ...input, medianTtftMs: 1000, medianThroughputTps: 40, failed: false })).toBe(0);
  });

  it("uses the given weights", () => {
    expect(computeScore({ ...input, failed: false }, { ttftWeight: 1, throughputWeight: 0 })).toBeCloseTo(
      0.2,
      12,
    );
  });

  it("is always finite and in [0, +inf), and 0 when failed", () => {
    fc.assert(
      fc.property(finite, finite, finite, finite, fc.boolean(), (a, b, c, d, failed) => {
        const score = computeScore({
          medianTtftMs: a,
          medianThroughputTps: b,
          baselineMedianTtftMs: c,
          baselineMedianThroughputTps: d,
          failed,
        });
        expect(Number.isFinite(score)).toBe(true);
        expect(score).toBeGreaterThanOrEqual(0);
        if (failed) expect(score).toBe(0);
      }),
    );
  });
});

describe("throughputTps", () => {
  it("divides output tokens by the time between first and last content chunk (prefill excluded)", () => {
    expect(throughputTps(101, 2_000, 4_000)).toBe(50.5);
  });

  it("is 0 for a single token", () => {
    expect(throughputTps(1, 0, 1_000)).toBe(0);
  });

  it("is 0 when no time elapsed, or time went backwards", () => {
    expect(throughputTps(10, 500, 500)).toBe(0);
    expect(throughputTps(10, 500, 400)).toBe(0);
  });
});

describe("promptMatchRate", () => {
  it("is matches over compared tokens, and 1 for two empty outputs", () => {
    expect(promptMatchRate(4, 3)).toBe(0.75);
    expect(promptMatchRate(0, 0)).toBe(1);
  });
});

describe("summarizeRun", () => {
  const prompt = (ttftMs: number, throughputTps: number, matched = 10) => ({
    ttftMs,
    throughputTps,
    comparedTokens: 10,
    matchedTokens: matched,
  });
  const baseline = {
    prompts: [
      { ttftMs: 1000, throughputTps: 40 },
      { ttftMs: 900, throughputTps: 44 },
      { ttftMs: 1100, throughputTps: 36 },
    ],
  };

  it("takes medians first, then ratios", () => {
    const summary = summarizeRun([prompt(100, 100), prompt(800, 50), prompt(900, 45)], baseline, true);
    // Medians 800 ms and 50 tok/s against 1000 ms and 40 tok/s; a mean of ratios would give a different score.
    expect(summary).toEqual({
      medianTtftMs: 800,
      medianThroughputTps: 50,
      tokenMatchRate: 1,
      correctnessPassed: true,
      ttftImprovement: 0.2,
      throughputImprovement: 0.25,
      score: 0.225,
    });
  });

  it("scores 0 when correctness failed but still reports the measured improvements", () => {
    const summary = summarizeRun([prompt(800, 50, 5)], baseline, false);
    expect(summary.score).toBe(0);
    expect(summary.ttftImprovement).toBeCloseTo(0.2, 12);
    expect(summary.tokenMatchRate).toBe(0.5);
  });

  it("scores 0 when the run failed for another reason", () => {
    expect(summarizeRun([prompt(800, 50)], baseline, true, { runFailed: true }).score).toBe(0);
  });

  it("reports the token match rate as the mean of per-prompt rates", () => {
    const summary = summarizeRun(
      [prompt(1, 1, 10), prompt(1, 1, 5), { ...prompt(1, 1, 0), comparedTokens: 0 }],
      baseline,
      true,
    );
    expect(summary.tokenMatchRate).toBeCloseTo((1 + 0.5 + 1) / 3, 12);
  });

  it("reports zeros, not NaN, with no prompts", () => {
    expect(summarizeRun([], { prompts: [] }, false)).toMatchObject({
      medianTtftMs: 0,
      tokenMatchRate: 0,
      score: 0,
    });
  });
});
