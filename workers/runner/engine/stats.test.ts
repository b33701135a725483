import { describe, expect, it } from "vitest";

import { interTokenLatencies, itlSummary, percentile } from "./stats";

describe("percentile", () => {
  it("interpolates linearly between ranks", () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10, 0], 90)).toBe(9);
    expect(percentile([5], 99)).toBe(5);
  });

  it("is 0 for no values", () => {
    expect(percentile([], 50)).toBe(0);
  });
});

describe("itlSummary", () => {
  it("summarizes the gaps between content chunks", () => {
    expect(interTokenLatencies([0, 10, 30, 60])).toEqual([10, 20, 30]);
    expect(itlSummary([0, 10, 30, 60])).toEqual({ p50: 20, p90: 28, p99: 29.8 });
    expect(itlSummary([5])).toEqual({ p50: 0, p90: 0, p99: 0 });
  });
});
