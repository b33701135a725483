import { describe, expect, it } from "vitest";
import {
  formatBlock,
  formatCountdown,
  formatDuration,
  formatEpsilon,
  formatImprovement,
  formatLogprob,
  formatRaoUnits,
  formatRate,
  formatScore,
  formatToken,
  formatTps,
  formatTtftMs,
  formatUtc,
  splitImageRegistry,
  timeAgo,
  truncateHotkey,
} from "./format";

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

describe("formatImprovement", () => {
  it("signs a positive improvement and keeps zero plain", () => {
    expect(formatImprovement(0.3)).toBe("+30.0 %");
    expect(formatImprovement(0)).toBe("0.0 %");
    expect(formatImprovement(null)).toBe("—");
  });
});

describe("formatRate and formatEpsilon", () => {
  it("shows two decimals for a rate and three for ε", () => {
    expect(formatRate(0.9859375)).toBe("98.59 %");
    expect(formatRate(undefined)).toBe("—");
    expect(formatEpsilon(0.008015873)).toBe("0.802 %");
    expect(formatEpsilon(0)).toBe("0.000 %");
  });
});

describe("formatTps and formatLogprob", () => {
  it("shows one decimal of tokens per second and three of a logprob", () => {
    expect(formatTps(44.04)).toBe("44.0 tok/s");
    expect(formatTps(Number.POSITIVE_INFINITY)).toBe("—");
    expect(formatLogprob(-2.1)).toBe("-2.100");
    expect(formatLogprob(null)).toBe("—");
  });
});

describe("formatToken", () => {
  it("makes whitespace visible and names the end of output", () => {
    expect(formatToken(" the")).toBe("␣the");
    expect(formatToken("a\n")).toBe("a⏎");
    expect(formatToken("")).toBe("(end of output)");
  });
});

describe("formatDuration", () => {
  it("uses the two largest units", () => {
    expect(formatDuration(5 * 86_400 + 3 * 3600 + 60)).toBe("5 d 3 h");
    expect(formatDuration(3 * 3600 + 20 * 60)).toBe("3 h 20 min");
    expect(formatDuration(720)).toBe("12 min");
    expect(formatDuration(-5)).toBe("0 s");
  });
});

describe("formatRaoUnits", () => {
  it("truncates decimal RAO to units with grouping", () => {
    expect(formatRaoUnits("28042105263")).toBe("28.04");
    expect(formatRaoUnits("2951800554016", 1)).toBe("2,951.8");
    expect(formatRaoUnits("-1500000000", 0)).toBe("-1");
    expect(formatRaoUnits(null)).toBe("—");
    expect(formatRaoUnits("1e9")).toBe("—");
  });

  it("groups thousands and honours the number of decimals", () => {
    expect(formatRaoUnits("1234567000000000", 0)).toBe("1,234,567");
    expect(formatRaoUnits("1500000000", 9)).toBe("1.500000000");
  });

  it("keeps the sign of a negative amount, and drops it when nothing of it shows", () => {
    expect(formatRaoUnits("-1500000000", 2)).toBe("-1.50");
    expect(formatRaoUnits("-1", 2)).toBe("0.00");
    expect(formatRaoUnits("-999999999", 0)).toBe("0");
  });
});

describe("formatCountdown", () => {
  it("shows days and a clock, and 0 s once reached", () => {
    expect(formatCountdown(5 * 86_400 + 4 * 3600 + 3 * 60 + 9.7)).toBe("5 d 04:03:09");
    expect(formatCountdown(61)).toBe("00:01:01");
    expect(formatCountdown(-3)).toBe("0 s");
  });
});

describe("splitImageRegistry", () => {
  it("puts the repository first and the registry host apart", () => {
    expect(splitImageRegistry("docker.io/miner3/fast-qwen:v1")).toEqual({
      registry: "docker.io",
      rest: "miner3/fast-qwen:v1",
    });
    expect(splitImageRegistry("localhost:5000/a/b")).toEqual({ registry: "localhost:5000", rest: "a/b" });
  });

  it("leaves a reference with no registry whole", () => {
    expect(splitImageRegistry("miner3/fast-qwen:v1")).toEqual({
      registry: null,
      rest: "miner3/fast-qwen:v1",
    });
    expect(splitImageRegistry("Not A Reference")).toEqual({ registry: null, rest: "Not A Reference" });
  });
});
