import { describe, expect, it } from "vitest";

import { tokenPasses, verifyOutput, type BaselineCandidate, type BaselinePosition } from "./verification";

const PARAMS = { maxLogprobGap: 0.5, topK: 5 };
const c = (id: number, logprob: number): BaselineCandidate => ({ id, token: `t${id}`, logprob });
// Logprobs are exact binary fractions, so "a gap of exactly 0.5" is exactly 0.5 in floating point.
const TOP = [c(1, -0.25), c(2, -0.75), c(3, -0.8125), c(4, -2), c(5, -3)];
const at = (actual: BaselineCandidate, top = TOP): BaselinePosition => ({ actual, top });

describe("tokenPasses (the per-token check)", () => {
  it("passes the baseline's top-1 and a token exactly the tolerance below it", () => {
    expect(tokenPasses(at(c(1, -0.25)), PARAMS)).toBe(true);
    expect(tokenPasses(at(c(2, -0.75)), PARAMS)).toBe(true);
  });

  it("fails a token in the top-5 just above the tolerance below the top-1", () => {
    expect(tokenPasses(at(c(3, -0.8125)), PARAMS)).toBe(false);
  });

  it("fails a token outside the baseline's top-5, whatever logprob it claims", () => {
    expect(tokenPasses(at(c(9, -0.25)), PARAMS)).toBe(false);
    // A sixth entry (vLLM lists the prompt token beside the top-k) is not in the top-5.
    expect(tokenPasses(at(c(6, -3.5), [...TOP, c(6, -3.5)]), PARAMS)).toBe(false);
  });

  it("compares ids, not the decoded text", () => {
    expect(tokenPasses(at({ id: 9, token: "t1", logprob: -0.25 }), PARAMS)).toBe(false);
  });

  it("ranks the baseline's entries itself, whatever order they come in", () => {
    expect(tokenPasses(at(c(2, -0.75), [...TOP].reverse()), PARAMS)).toBe(true);
    expect(tokenPasses(at(c(5, -3), [c(7, -0.5), ...TOP]), { ...PARAMS, topK: 5 })).toBe(false);
  });
});

describe("verifyOutput", () => {
  const good = [at(c(1, -0.25)), at(c(2, -0.75)), at(c(1, -0.25))];

  it("verifies every token and counts them", () => {
    expect(verifyOutput(good, null, PARAMS)).toEqual({ verifiedTokens: 3, failure: null });
  });

  it("reports the first failing position, the token and the baseline's top-5 there, best first", () => {
    const out = verifyOutput([...good, at(c(9, -4)), at(c(8, -5))], null, PARAMS);
    expect(out.verifiedTokens).toBe(5);
    expect(out.failure).toEqual({
      position: 3,
      token: "t9",
      baselineTop5: TOP.map((t) => ({ token: t.token, logprob: t.logprob })),
    });
  });

  it("fails an early stop whose end-of-turn token is not near-greedy there", () => {
    const eot: BaselineCandidate = { id: 100, token: "<|im_end|>", logprob: -9 };
    const out = verifyOutput(good, at(eot), PARAMS);
    expect(out).toMatchObject({ verifiedTokens: 3, failure: { position: 3, token: "<|im_end|>" } });
  });

  it("passes a stop where the end-of-turn token is near-greedy", () => {
    const eot: BaselineCandidate = { id: 100, token: "<|im_end|>", logprob: -0.5 };
    expect(verifyOutput(good, at(eot, [...TOP, eot]), PARAMS).failure).toBeNull();
  });
});
