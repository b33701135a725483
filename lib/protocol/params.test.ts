import { describe, expect, it } from "vitest";

import { DEFAULT_PARAMS, PARAMS_VERSIONS, paramsAt, validateParams, type ParamsVersion } from "./params";

describe("DEFAULT_PARAMS", () => {
  it("holds the values protocol.md states", () => {
    expect(DEFAULT_PARAMS).toMatchObject({
      netuid: 14,
      model: "Qwen2.5-72B-Instruct",
      maxTokens: 256,
      temperature: 0,
      scoredPrompts: 10,
      warmupPrompts: 2,
      passes: 2,
      promptTimeoutMs: 120_000,
      healthPollMs: 5_000,
      healthTimeoutMs: 600_000,
      imageMaxBytes: 20_000_000_000,
      epsilon0: 0.01,
      decayBlocks: 50_400,
      ttftWeight: 0.5,
      throughputWeight: 0.5,
      correctness: { maxLogprobGap: 0.5, topK: 5 },
      onKingGone: "clear",
      emissionSplit: { king: 1, runnerUp: 0 },
      blockSeconds: 12,
      blocksPerDay: 7_200,
      defaultTempo: 360,
      epistula: { maxClockSkewMs: 8_000, ss58Prefix: 42 },
      container: {
        memoryBytes: 200_000_000_000,
        cpus: 32,
        pids: 4_096,
        port: 8_000,
        weightsMount: "/models",
      },
      quorum: 0.5,
      activeWindowBlocks: 50_400,
      quorumTimeoutBlocks: 7_200,
      maxJudgeWaitBlocks: 1_800,
    });
  });

  it("makes decay_blocks 7 days of 12-second blocks", () => {
    expect((DEFAULT_PARAMS.decayBlocks * DEFAULT_PARAMS.blockSeconds) / 86_400).toBe(7);
  });

  it("survives a JSON round trip unchanged (the status route serves it)", () => {
    expect(JSON.parse(JSON.stringify(DEFAULT_PARAMS))).toEqual(DEFAULT_PARAMS);
  });
});

describe("validateParams", () => {
  it("finds no problem in the defaults", () => {
    expect(validateParams(DEFAULT_PARAMS)).toEqual([]);
  });

  it("reports a non-positive decay, a negative weight and an over-full emission split", () => {
    const problems = validateParams({
      ...DEFAULT_PARAMS,
      decayBlocks: 0,
      ttftWeight: -1,
      emissionSplit: { king: 0.9, runnerUp: 0.2 },
    });
    expect(problems).toHaveLength(3);
  });

  it("reports a quorum outside (0, 1] and a negative or fractional judging wait", () => {
    expect(validateParams({ ...DEFAULT_PARAMS, quorum: 0 })).toEqual(["quorum must be in (0, 1]"]);
    expect(validateParams({ ...DEFAULT_PARAMS, quorum: 1.01 })).toHaveLength(1);
    expect(validateParams({ ...DEFAULT_PARAMS, quorum: 1 })).toEqual([]);
    expect(validateParams({ ...DEFAULT_PARAMS, maxJudgeWaitBlocks: -1 })).toHaveLength(1);
    expect(validateParams({ ...DEFAULT_PARAMS, maxJudgeWaitBlocks: 0 })).toEqual([]);
    expect(validateParams({ ...DEFAULT_PARAMS, quorumTimeoutBlocks: 0 })).toHaveLength(1);
  });

  it("reports a block time that does not match blocks per day", () => {
    expect(validateParams({ ...DEFAULT_PARAMS, blocksPerDay: 7_000 })).toHaveLength(1);
  });
});

describe("paramsAt", () => {
  const later = { ...DEFAULT_PARAMS, epsilon0: 0.02 };
  const versions: ParamsVersion[] = [
    { fromBlock: 100, params: DEFAULT_PARAMS },
    { fromBlock: 500, params: later },
  ];

  it("returns the version in force at a block (history judged by the rules of its time)", () => {
    expect(paramsAt(100, versions)).toBe(DEFAULT_PARAMS);
    expect(paramsAt(499, versions)).toBe(DEFAULT_PARAMS);
    expect(paramsAt(500, versions)).toBe(later);
    expect(paramsAt(10_000_000, versions)).toBe(later);
  });

  it("returns the first version for a block before every version", () => {
    expect(paramsAt(0, versions)).toBe(DEFAULT_PARAMS);
  });

  it("uses PARAMS_VERSIONS by default, which starts at block 0 with the defaults", () => {
    expect(PARAMS_VERSIONS[0]?.fromBlock).toBe(0);
    expect(paramsAt(5_000_000)).toBe(DEFAULT_PARAMS);
  });

  it("throws when the list is empty or unsorted", () => {
    expect(() => paramsAt(1, [])).toThrow(/empty/);
    expect(() => paramsAt(1, [...versions].reverse())).toThrow(/sorted/);
  });

  it("keeps every version in PARAMS_VERSIONS valid", () => {
    for (const version of PARAMS_VERSIONS) expect(validateParams(version.params)).toEqual([]);
  });
});
