// score = wTTFT × ttft_improvement + wTP × throughput_improvement, on medians (protocol.md "Scoring").

export interface ScoreWeights {
  readonly ttftWeight: number;
  readonly throughputWeight: number;
}

export const DEFAULT_WEIGHTS: ScoreWeights = { ttftWeight: 0.5, throughputWeight: 0.5 };

/** Median; an even count gives the mean of the two middle values; an empty list gives NaN. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const upper = sorted[mid] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
}

// A term is 0 when its baseline median is <= 0 or not finite, and, by the same logic, when the submission's
// median is not finite (nothing measured): a broken reference must never produce a score.
const usable = (baseline: number, measured: number): boolean =>
  Number.isFinite(baseline) && baseline > 0 && Number.isFinite(measured);

/** max(0, (baseline − ttft) / baseline) on medians; at most 1. */
export function ttftImprovement(medianTtftMs: number, baselineMedianTtftMs: number): number {
  if (!usable(baselineMedianTtftMs, medianTtftMs)) return 0;
  return Math.max(0, (baselineMedianTtftMs - medianTtftMs) / baselineMedianTtftMs);
}

/** max(0, (throughput − baseline) / baseline) on medians; unbounded above. */
export function throughputImprovement(
  medianThroughputTps: number,
  baselineMedianThroughputTps: number,
): number {
  if (!usable(baselineMedianThroughputTps, medianThroughputTps)) return 0;
  return Math.max(0, (medianThroughputTps - baselineMedianThroughputTps) / baselineMedianThroughputTps);
}

export interface ScoreInput {
  readonly medianTtftMs: number;
  readonly medianThroughputTps: number;
  readonly baselineMedianTtftMs: number;
  readonly baselineMedianThroughputTps: number;
  /** Any failure, correctness included, makes the score 0. */
  readonly failed: boolean;
}

/** The score of a run: a fraction (0.239 is 23.9 %), in [0, +inf), 0 when the run failed. */
export function computeScore(input: ScoreInput, weights: ScoreWeights = DEFAULT_WEIGHTS): number {
  if (input.failed) return 0;
  const score =
    weights.ttftWeight * ttftImprovement(input.medianTtftMs, input.baselineMedianTtftMs) +
    weights.throughputWeight *
      throughputImprovement(input.medianThroughputTps, input.baselineMedianThroughputTps);
  return Number.isFinite(score) && score > 0 ? score : 0;
}

/**
 * Output tokens per second between the first and the last content chunk, so prefill is excluded. One token
 * or no elapsed time gives 0 (there is no interval to measure).
 */
export function throughputTps(outputTokens: number, firstContentMs: number, lastContentMs: number): number {
  const elapsedMs = lastContentMs - firstContentMs;
  if (!(outputTokens > 1) || !Number.isFinite(elapsedMs) || elapsedMs <= 0) return 0;
  return outputTokens / (elapsedMs / 1000);
}

/** matched / compared for one prompt; two empty outputs match fully. */
export function promptMatchRate(comparedTokens: number, matchedTokens: number): number {
  return comparedTokens === 0 ? 1 : matchedTokens / comparedTokens;
}

export interface MeasuredPrompt {
  readonly ttftMs: number;
  readonly throughputTps: number;
  readonly comparedTokens: number;
  readonly matchedTokens: number;
}

export interface BaselinePrompt {
  readonly ttftMs: number;
  readonly throughputTps: number;
}

export interface RunSummary {
  readonly medianTtftMs: number;
  readonly medianThroughputTps: number;
  readonly tokenMatchRate: number;
  readonly correctnessPassed: boolean;
  readonly ttftImprovement: number;
  readonly throughputImprovement: number;
  readonly score: number;
}

export interface SummarizeOptions {
  /** The run failed for a reason other than correctness (timeouts, speed_pass_mismatch…). */
  readonly runFailed?: boolean;
  readonly weights?: ScoreWeights;
}

/**
 * The api.md `summary` object recomputed from per-prompt measurements, baseline medians included, so a
 * posted summary can be checked against it. The improvements are reported as measured even when the run
 * failed (a miner learns how fast the wrong output was); only the score is zeroed. Medians of an empty list
 * are reported as 0 (JSON has no NaN); the token match rate is the mean of the per-prompt rates, 0 with none.
 */
export function summarizeRun(
  prompts: readonly MeasuredPrompt[],
  baseline: { readonly prompts: readonly BaselinePrompt[] },
  correctnessPassed: boolean,
  options: SummarizeOptions = {},
): RunSummary {
  const medianTtftMs = median(prompts.map((p) => p.ttftMs));
  const medianThroughputTps = median(prompts.map((p) => p.throughputTps));
  const baselineMedianTtftMs = median(baseline.prompts.map((p) => p.ttftMs));
  const baselineMedianThroughputTps = median(baseline.prompts.map((p) => p.throughputTps));
  const rates = prompts.map((p) => promptMatchRate(p.comparedTokens, p.matchedTokens));
  const failed = options.runFailed === true || !correctnessPassed;
  const weights = options.weights ?? DEFAULT_WEIGHTS;
  const orZero = (x: number): number => (Number.isFinite(x) ? x : 0);
  return {
    medianTtftMs: orZero(medianTtftMs),
    medianThroughputTps: orZero(medianThroughputTps),
    tokenMatchRate: rates.length === 0 ? 0 : rates.reduce((a, b) => a + b, 0) / rates.length,
    correctnessPassed,
    ttftImprovement: ttftImprovement(medianTtftMs, baselineMedianTtftMs),
    throughputImprovement: throughputImprovement(medianThroughputTps, baselineMedianThroughputTps),
    score: computeScore(
      { medianTtftMs, medianThroughputTps, baselineMedianTtftMs, baselineMedianThroughputTps, failed },
      weights,
    ),
  };
}
