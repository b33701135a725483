import { describe, expect, it } from "vitest";
import { formatBlock, formatScore, formatTtftMs, formatUtc, timeAgo, truncateHotkey } from "./format";

describe("formatScore", () => {
  it("shows a fraction as a percentage with one decimal", () => {
    expect(formatScore(0.239)).toBe("23.9 %");
    expect(formatScore(0)).toBe("0.0 %");
  });
  it("shows a dash for a missing or non-finite score", () => {
    expect(formatScore(null)).toBe("—");
    expect(formatScore(Number.NaN)).toBe("—");
  });
});

describe("formatTtftMs", () => {
  it("switches to seconds at one second", () => {
    expect(formatTtftMs(412.34)).toBe("412.3 ms");
    expect(formatTtftMs(1500)).toBe("1.50 s");
  });
});

describe("formatBlock", () => {
  it("groups thousands and prefixes #", () => {
    expect(formatBlock(4_512_345)).toBe("#4,512,345");
    expect(formatBlock(null)).toBe("—");
  });
});

describe("truncateHotkey", () => {
  it("keeps the first 6 and last 4 characters of a long key", () => {
    expect(truncateHotkey("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY")).toBe("5Grwva…utQY");
  });
  it("leaves a short string alone", () => {
    expect(truncateHotkey("abc")).toBe("abc");
  });
});

describe("timeAgo", () => {
  const now = new Date("2026-11-25T12:00:00Z");
  it("picks the largest whole unit", () => {
    expect(timeAgo(new Date("2026-11-25T11:59:48Z"), now)).toBe("12 s ago");
    expect(timeAgo(new Date("2026-11-25T11:55:00Z"), now)).toBe("5 min ago");
    expect(timeAgo(new Date("2026-11-25T09:00:00Z"), now)).toBe("3 h ago");
    expect(timeAgo(new Date("2026-11-23T12:00:00Z"), now)).toBe("2 d ago");
  });
  it("speaks of the future with 'in'", () => {
    expect(timeAgo(new Date("2026-11-25T12:00:04Z"), now)).toBe("in 4 s");
  });
});

describe("formatUtc", () => {
  it("prints seconds precision and the zone", () => {
    expect(formatUtc(new Date("2026-11-25T11:32:48.123Z"))).toBe("2026-11-25 11:32:48 UTC");
  });
});
