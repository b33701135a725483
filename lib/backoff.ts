/**
 * Exponential back-off with full jitter: attempt 1 waits up to `baseMs`, each further attempt doubles the cap
 * up to `maxMs`. `random` is injected so tests are deterministic.
 */
export function backoffDelayMs(
  attempt: number,
  { baseMs = 1_000, maxMs = 60_000 }: { baseMs?: number; maxMs?: number } = {},
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  const cap = Math.min(maxMs, baseMs * 2 ** exponent);
  // Never below half the cap: a fleet restarting together spreads out, yet nobody hammers the endpoint.
  return Math.round(cap / 2 + (random() * cap) / 2);
}
