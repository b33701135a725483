import { describe, expect, it } from "vitest";
import { maxAgeSeconds, retryAfterSeconds } from "./cache-control";

describe("maxAgeSeconds", () => {
  it.each([
    ["public, max-age=30", 30],
    ["max-age=300, stale-while-revalidate=60", 300],
    ["no-cache", 0],
    ["no-store, max-age=30", 0],
    [null, 15],
    ["private", 15],
  ])("reads %s as %i s", (header, expected) => {
    expect(maxAgeSeconds(header, 15)).toBe(expected);
  });
});

describe("retryAfterSeconds", () => {
  const now = new Date("2026-06-01T00:00:00Z");
  it("reads seconds and HTTP dates", () => {
    expect(retryAfterSeconds("7", now)).toBe(7);
    expect(retryAfterSeconds("Mon, 01 Jun 2026 00:00:10 GMT", now)).toBe(10);
    expect(retryAfterSeconds("soon", now)).toBeNull();
    expect(retryAfterSeconds(null, now)).toBeNull();
  });
});
