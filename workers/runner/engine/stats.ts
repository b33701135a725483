/** Linear-interpolated percentile (numpy's default), p in [0, 100]; 0 for an empty list (JSON has no NaN). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (rank - lo);
}

/** Gaps between consecutive content chunks: a chunk that carries several tokens counts as one gap. */
export function interTokenLatencies(contentTimes: readonly number[]): number[] {
  const gaps: number[] = [];
  for (let i = 1; i < contentTimes.length; i++)
    gaps.push((contentTimes[i] as number) - (contentTimes[i - 1] as number));
  return gaps;
}

export function itlSummary(contentTimes: readonly number[]): { p50: number; p90: number; p99: number } {
  const gaps = interTokenLatencies(contentTimes);
  return { p50: percentile(gaps, 50), p90: percentile(gaps, 90), p99: percentile(gaps, 99) };
}
