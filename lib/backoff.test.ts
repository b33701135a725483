import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffDelayMs } from "./backoff";

describe("backoffDelayMs", () => {
  it("doubles the cap per attempt up to the maximum", () => {
    const top = () => 1 - Number.EPSILON;
    expect(backoffDelayMs(1, { baseMs: 100, maxMs: 1000 }, top)).toBe(100);
    expect(backoffDelayMs(2, { baseMs: 100, maxMs: 1000 }, top)).toBe(200);
    expect(backoffDelayMs(3, { baseMs: 100, maxMs: 1000 }, top)).toBe(400);
    expect(backoffDelayMs(10, { baseMs: 100, maxMs: 1000 }, top)).toBe(1000);
  });

  it("stays within [cap/2, cap] for any attempt and jitter", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, r) => {
          const delay = backoffDelayMs(attempt, { baseMs: 500, maxMs: 30_000 }, () => r);
          const cap = Math.min(30_000, 500 * 2 ** Math.min(attempt - 1, 30));
          expect(delay).toBeGreaterThanOrEqual(Math.floor(cap / 2));
          expect(delay).toBeLessThanOrEqual(cap);
        },
      ),
    );
  });
});
