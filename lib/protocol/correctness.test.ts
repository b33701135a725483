import { describe, expect, it } from "vitest";

import { checkPrompt, checkRun, speedPassMatches, type MinerToken, type TopLogprob } from "./correctness";

const params = { maxLogprobGap: 0.5, topK: 5 };
const greedy = (token: string): MinerToken => ({
  token,
  logprobs: { logprob: -0.01, top: [{ token, logprob: -0.01 }] },
});
const at = (token: string, logprob: number, top: TopLogprob[]): MinerToken => ({
  token,
  logprobs: { logprob, top },
});
const tokens = (...ts: string[]): MinerToken[] => ts.map(greedy);

describe("checkPrompt", () => {
  it("passes identical outputs with no divergence", () => {
    expect(checkPrompt(["a", "b", "c"], tokens("a", "b", "c"), params)).toEqual({
      passed: true,
      comparedTokens: 3,
      matchedTokens: 3,
      divergence: null,
    });
  });

  it("passes a divergence inside the rule: greedy, baseline in top-5, gap <= 0.5", () => {
    const miner = [
      greedy("a"),
      at("x", -0.6, [
        { token: "x", logprob: -0.6 },
        { token: "b", logprob: -0.9 },
      ]),
      greedy("y"),
    ];
    const result = checkPrompt(["a", "b", "c"], miner, params);
    expect(result.passed).toBe(true);
    expect(result.divergence).toEqual({
      position: 1,
      baselineToken: "b",
      minerToken: "x",
      baselineTokenLogprob: -0.9,
      minerTokenLogprob: -0.6,
      minerTop5: [
        { token: "x", logprob: -0.6 },
        { token: "b", logprob: -0.9 },
      ],
    });
  });

  it("judges only the first divergence (later tokens may drift after it)", () => {
    const miner = [
      at("x", -0.1, [
        { token: "x", logprob: -0.1 },
        { token: "a", logprob: -0.2 },
      ]),
      greedy("q"),
      greedy("r"),
    ];
    expect(checkPrompt(["a", "b", "c"], miner, params)).toMatchObject({ passed: true, matchedTokens: 0 });
  });

  it("accepts a gap of exactly 0.5 and rejects a larger one as logprob_gap", () => {
    const within = at("x", -0.25, [
      { token: "x", logprob: -0.25 },
      { token: "b", logprob: -0.75 },
    ]);
    expect(checkPrompt(["b"], [within], params).passed).toBe(true);
    const beyond = at("x", -0.25, [
      { token: "x", logprob: -0.25 },
      { token: "b", logprob: -0.7500001 },
    ]);
    expect(checkPrompt(["b"], [beyond], params)).toMatchObject({ passed: false, failure: "logprob_gap" });
  });

  it("fails as non_greedy when the submission's token is not its own top-1", () => {
    const miner = [
      at("x", -1, [
        { token: "b", logprob: -0.2 },
        { token: "x", logprob: -1 },
      ]),
    ];
    expect(checkPrompt(["b"], miner, params)).toMatchObject({ passed: false, failure: "non_greedy" });
  });

  it("fails as non_greedy when a later entry of the top-5 has a strictly greater logprob", () => {
    const miner = [
      at("x", -0.5, [
        { token: "x", logprob: -0.5 },
        { token: "b", logprob: -0.2 },
      ]),
    ];
    expect(checkPrompt(["b"], miner, params)).toMatchObject({ passed: false, failure: "non_greedy" });
  });

  it("accepts a later entry of equal logprob, but not a token listed after its tie (ties are non_greedy)", () => {
    const first = at("x", -0.7, [
      { token: "x", logprob: -0.7 },
      { token: "b", logprob: -0.7 },
    ]);
    expect(checkPrompt(["b"], [first], params).passed).toBe(true);
    const second = at("x", -0.7, [
      { token: "b", logprob: -0.7 },
      { token: "x", logprob: -0.7 },
    ]);
    expect(checkPrompt(["b"], [second], params)).toMatchObject({ passed: false, failure: "non_greedy" });
  });

  it("fails as baseline_not_in_top5 when the baseline's token is missing from the top-5", () => {
    const top = ["x", "p", "q", "r", "s", "b"].map((token, i) => ({ token, logprob: -0.01 * (i + 1) }));
    const result = checkPrompt(["b"], [at("x", -0.01, top)], params);
    expect(result).toMatchObject({ passed: false, failure: "baseline_not_in_top5" });
    expect(result.divergence?.minerTop5).toHaveLength(5);
    expect(result.divergence?.baselineTokenLogprob).toBeNull();
  });

  it("fails as missing_logprobs when the diverging position has no logprobs", () => {
    expect(checkPrompt(["b"], [{ token: "x", logprobs: null }], params)).toMatchObject({
      passed: false,
      failure: "missing_logprobs",
    });
    expect(checkPrompt(["b"], [at("x", -0.1, [])], params)).toMatchObject({ failure: "missing_logprobs" });
    expect(checkPrompt(["b"], [at("x", Number.NaN, [{ token: "x", logprob: -0.1 }])], params)).toMatchObject({
      failure: "missing_logprobs",
    });
  });

  it("does not need logprobs where the outputs agree", () => {
    expect(checkPrompt(["a"], [{ token: "a", logprobs: null }], params).passed).toBe(true);
  });

  it("treats a shorter submission output as a mismatch against padding, failing without logprobs", () => {
    const result = checkPrompt(["a", "b", "c"], tokens("a"), params);
    expect(result).toMatchObject({
      passed: false,
      failure: "missing_logprobs",
      comparedTokens: 3,
      matchedTokens: 1,
    });
    expect(result.divergence).toMatchObject({ position: 1, baselineToken: "b", minerToken: "" });
  });

  it("treats a longer submission output as a mismatch against the baseline's padding", () => {
    const result = checkPrompt(["a"], tokens("a", "z"), params);
    expect(result).toMatchObject({
      passed: false,
      failure: "baseline_not_in_top5",
      comparedTokens: 2,
      matchedTokens: 1,
    });
    expect(result.divergence).toMatchObject({ position: 1, baselineToken: "" });
  });

  it("counts positional matches over the whole output for the match rate", () => {
    const miner = [
      greedy("a"),
      at("x", -0.1, [
        { token: "x", logprob: -0.1 },
        { token: "b", logprob: -0.2 },
      ]),
      greedy("c"),
    ];
    expect(checkPrompt(["a", "b", "c", "d"], miner, params)).toMatchObject({
      comparedTokens: 4,
      matchedTokens: 2,
    });
  });

  it("passes two empty outputs", () => {
    expect(checkPrompt([], [], params)).toEqual({
      passed: true,
      comparedTokens: 0,
      matchedTokens: 0,
      divergence: null,
    });
  });

  it("honours topK from the parameters", () => {
    const top = [
      { token: "x", logprob: -0.1 },
      { token: "b", logprob: -0.2 },
    ];
    expect(checkPrompt(["b"], [at("x", -0.1, top)], { ...params, topK: 1 }).failure).toBe(
      "baseline_not_in_top5",
    );
  });
});

describe("checkRun", () => {
  const pass = { passed: true, comparedTokens: 4, matchedTokens: 4, divergence: null };
  const fail = { passed: false, comparedTokens: 4, matchedTokens: 2, divergence: null };

  it("fails the run when one scored prompt fails (every scored prompt must pass)", () => {
    expect(checkRun([pass, fail, pass])).toEqual({
      passed: false,
      tokenMatchRate: (1 + 0.5 + 1) / 3,
      firstFailedPrompt: 1,
    });
  });

  it("passes a run whose prompts all pass", () => {
    expect(checkRun([pass, pass])).toMatchObject({
      passed: true,
      tokenMatchRate: 1,
      firstFailedPrompt: null,
    });
  });

  it("reports a match rate of 0 with no prompt", () => {
    expect(checkRun([]).tokenMatchRate).toBe(0);
  });
});

describe("speedPassMatches", () => {
  const correctness = ["The", " cat", " sat", "."];

  it("requires the whole text to be equal when the correctness pass did not diverge", () => {
    expect(speedPassMatches("The cat sat.", correctness, null)).toBe(true);
    expect(speedPassMatches("The cat sat!", correctness, null)).toBe(false);
    expect(speedPassMatches("The cat sat.", correctness.slice(0, 3), null)).toBe(false);
  });

  it("requires equality only up to the first divergence from the baseline", () => {
    expect(speedPassMatches("The cat ran away", correctness, 2)).toBe(true);
    expect(speedPassMatches("The dog sat.", correctness, 2)).toBe(false);
  });

  it("fails a server that answers fast and wrong when timed (speed_pass_mismatch)", () => {
    expect(speedPassMatches("Lorem ipsum", correctness, null)).toBe(false);
  });

  it("accepts anything when the divergence is at the first token", () => {
    expect(speedPassMatches("anything", correctness, 0)).toBe(true);
  });
});
