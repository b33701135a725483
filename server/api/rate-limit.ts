/**
 * A token bucket per key (a validator hotkey), in this process's memory: `ratePerSecond` tokens flow in, at
 * most `burst` are kept, each request takes one. Per process on purpose: several app instances each allow the
 * rate, which is fine for a limit meant to stop a runaway runner, not to meter usage.
 */
export interface RateLimitOptions {
  readonly ratePerSecond: number;
  readonly burst: number;
  /** Buckets kept before idle ones are dropped (anyone with a key pair can make new keys). */
  readonly maxKeys?: number;
}

export type RateLimitDecision =
  { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

export interface RateLimiter {
  take(key: string, nowMs: number): RateLimitDecision;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { ratePerSecond: 20, burst: 100 };

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export function createRateLimiter(options: RateLimitOptions = DEFAULT_RATE_LIMIT): RateLimiter {
  const { ratePerSecond, burst } = options;
  if (!(ratePerSecond > 0) || !(burst >= 1)) {
    throw new Error(`rate limit needs ratePerSecond > 0 and burst >= 1, got ${ratePerSecond} and ${burst}`);
  }
  const maxKeys = options.maxKeys ?? 10_000;
  const buckets = new Map<string, Bucket>();

  const refilled = (bucket: Bucket, nowMs: number): number =>
    // A clock that steps back must not drain the bucket.
    Math.min(burst, bucket.tokens + (Math.max(0, nowMs - bucket.updatedMs) / 1000) * ratePerSecond);

  // A full bucket is the same as no bucket, so dropping full ones loses nothing; if every bucket is busy, the
  // oldest go first (Map keeps insertion order), which at worst forgives a little debt.
  const evict = (nowMs: number): void => {
    for (const [key, bucket] of buckets) if (refilled(bucket, nowMs) >= burst) buckets.delete(key);
    for (const key of buckets.keys()) {
      if (buckets.size < maxKeys) break;
      buckets.delete(key);
    }
  };

  return {
    take(key, nowMs) {
      let bucket = buckets.get(key);
      if (bucket === undefined) {
        if (buckets.size >= maxKeys) evict(nowMs);
        bucket = { tokens: burst, updatedMs: nowMs };
        buckets.set(key, bucket);
      } else {
        bucket.tokens = refilled(bucket, nowMs);
        bucket.updatedMs = Math.max(bucket.updatedMs, nowMs);
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerSecond)) };
    },
  };
}
