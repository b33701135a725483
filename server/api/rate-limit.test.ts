import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./rate-limit";

describe("createRateLimiter", () => {
  it("allows a burst, then one request per refilled token", () => {
    const limiter = createRateLimiter({ ratePerSecond: 20, burst: 100 });
    for (let i = 0; i < 100; i++) expect(limiter.take("a", 0).ok).toBe(true);
    expect(limiter.take("a", 0)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(limiter.take("a", 50).ok).toBe(true);
    expect(limiter.take("a", 50).ok).toBe(false);
  });

  it("keeps one bucket per key, so one hotkey cannot spend another's", () => {
    const limiter = createRateLimiter({ ratePerSecond: 1, burst: 1 });
    expect(limiter.take("a", 0).ok).toBe(true);
    expect(limiter.take("a", 0).ok).toBe(false);
    expect(limiter.take("b", 0).ok).toBe(true);
  });

  it("says how many whole seconds to wait for the next token", () => {
    const limiter = createRateLimiter({ ratePerSecond: 0.2, burst: 1 });
    limiter.take("a", 0);
    expect(limiter.take("a", 0)).toEqual({ ok: false, retryAfterSeconds: 5 });
    expect(limiter.take("a", 2_000)).toEqual({ ok: false, retryAfterSeconds: 3 });
    expect(limiter.take("a", 5_000).ok).toBe(true);
  });

  it("does not drain a bucket when the clock steps back", () => {
    const limiter = createRateLimiter({ ratePerSecond: 1, burst: 2 });
    limiter.take("a", 10_000);
    expect(limiter.take("a", 5_000).ok).toBe(true);
    expect(limiter.take("a", 5_000).ok).toBe(false);
  });

  it("bounds its memory: idle buckets go first, and a busy one is never forgiven for a new key", () => {
    const limiter = createRateLimiter({ ratePerSecond: 1, burst: 1, maxKeys: 2 });
    limiter.take("busy", 0);
    limiter.take("idle", -10_000);
    limiter.take("new", 0);
    expect(limiter.take("busy", 0).ok).toBe(false);
  });

  it("refuses a configuration that would block everything", () => {
    expect(() => createRateLimiter({ ratePerSecond: 0, burst: 10 })).toThrow(/ratePerSecond/);
  });
});
