import { describe, expect, it } from "vitest";

import { generate, promptKey, VOCAB } from "./model";

const key = promptKey("Read the following excerpt.");

describe("reference model", () => {
  it("is deterministic and greedy: every token is its own top-1", () => {
    const a = generate(key, 32);
    expect(generate(key, 32)).toEqual(a);
    for (const t of a) {
      expect(t.top[0]?.token).toBe(t.token);
      expect(t.top).toHaveLength(5);
      expect(VOCAB).toContain(t.token);
    }
    expect(generate(promptKey("another prompt"), 32).map((t) => t.token)).not.toEqual(a.map((t) => t.token));
  });

  it("gives real logprobs: a distribution that sums to 1", () => {
    const [first] = generate(key, 1);
    expect(first?.logprob).toBeLessThan(0);
    const top = first?.top.map((t) => t.logprob) ?? [];
    expect([...top].sort((x, y) => y - x)).toEqual(top);
    expect(top.reduce((s, lp) => s + Math.exp(lp), 0)).toBeLessThan(1);
  });

  it("diverges within the gate for a near tie and beyond it for a far divergence", () => {
    const greedy = generate(key, 8);
    const near = generate(key, 8, { kind: "near-tie", at: 3 });
    const far = generate(key, 8, { kind: "far", at: 3 });
    expect(near.slice(0, 3)).toEqual(greedy.slice(0, 3));
    const baselineToken = greedy[3]?.token;
    const gap = (t: (typeof near)[number] | undefined) =>
      (t?.top[0]?.logprob ?? 0) - (t?.top.find((e) => e.token === baselineToken)?.logprob ?? -Infinity);
    expect(near[3]?.token).not.toBe(baselineToken);
    expect(gap(near[3])).toBeCloseTo(0.2);
    expect(gap(far[3])).toBeCloseTo(3);
  });

  it("emits the runner-up while reporting honest logprobs when non-greedy", () => {
    const t = generate(key, 4, { kind: "non-greedy", at: 2 })[2];
    expect(t?.token).toBe(t?.top[1]?.token);
  });
});
