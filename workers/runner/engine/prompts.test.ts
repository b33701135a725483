import path from "node:path";

import { describe, expect, it } from "vitest";

import { loadCorpus } from "./corpus";
import { SeededRandom } from "./prng";
import { buildPromptSet, PROMPT_ENGINE_VERSION, submissionOrder } from "./prompts";

const corpus = loadCorpus(path.resolve(import.meta.dirname, "..", "..", "..", "corpus"));
const HASH_A = `0x${"11".repeat(32)}`;
const HASH_B = `0x${"22".repeat(32)}`;
const options = { scored: 10, warmups: 2, contextChars: 6_000 };

describe("buildPromptSet", () => {
  it("derives the same prompts from the same seed and corpus", () => {
    const a = buildPromptSet(HASH_A, corpus, options);
    const b = buildPromptSet(HASH_A.toUpperCase().replace("0X", "0x"), loadCorpus(corpus.root), options);
    expect(b.scored.map((p) => p.sha256)).toEqual(a.scored.map((p) => p.sha256));
    expect(b.warmups.map((p) => p.sha256)).toEqual(a.warmups.map((p) => p.sha256));
  });

  it("derives other prompts from another seed", () => {
    const a = buildPromptSet(HASH_A, corpus, options).scored.map((p) => p.sha256);
    const b = buildPromptSet(HASH_B, corpus, options).scored.map((p) => p.sha256);
    expect(a.filter((sha) => b.includes(sha))).toEqual([]);
  });

  it("builds 2 warm-ups and 10 distinct long-context instruct prompts", () => {
    const set = buildPromptSet(HASH_A, corpus, options);
    expect(set.warmups.map((p) => [p.index, p.warmup])).toEqual([
      [0, true],
      [1, true],
    ]);
    expect(set.scored.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(new Set([...set.scored, ...set.warmups].map((p) => p.sha256)).size).toBe(12);
    for (const p of set.scored) {
      expect(p.messages.map((m) => m.role)).toEqual(["system", "user"]);
      expect(p.messages[1]?.content.length).toBeGreaterThan(options.contextChars);
      expect(p.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(p.estimatedTokens).toBeGreaterThan(options.contextChars / 5);
    }
  });

  it("names its version, which is part of the baseline cache key", () => {
    expect(PROMPT_ENGINE_VERSION).toMatch(/^cacheon-prompts\/\d+$/);
  });
});

describe("submissionOrder", () => {
  const items = Array.from({ length: 10 }, (_, i) => i);
  const alice = { hotkey: "5Alice", digest: `sha256:${"a".repeat(64)}` };
  const bob = { hotkey: "5Bob", digest: `sha256:${"b".repeat(64)}` };

  it("is a permutation, the same for the same submission and seed", () => {
    const order = submissionOrder(items, HASH_A, alice);
    expect([...order].sort((a, b) => a - b)).toEqual(items);
    expect(submissionOrder(items, HASH_A, alice)).toEqual(order);
  });

  it("differs between submissions and between seeds", () => {
    const order = submissionOrder(items, HASH_A, alice);
    expect(submissionOrder(items, HASH_A, bob)).not.toEqual(order);
    expect(submissionOrder(items, HASH_B, alice)).not.toEqual(order);
  });
});

describe("SeededRandom", () => {
  it("is reproducible and stays in range", () => {
    const a = new SeededRandom("x");
    const b = new SeededRandom("x");
    const xs = Array.from({ length: 1000 }, () => a.int(7));
    expect(Array.from({ length: 1000 }, () => b.int(7))).toEqual(xs);
    expect(new Set(xs)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6]));
  });

  it("pins its output, so every validator derives the same prompts", () => {
    // Golden values: a change here changes every round's prompts (bump PROMPT_ENGINE_VERSION).
    const r = new SeededRandom("cacheon");
    expect([r.nextUint32(), r.nextUint32(), r.int(1000)]).toEqual([3481095288, 1490670199, 495]);
  });
});
