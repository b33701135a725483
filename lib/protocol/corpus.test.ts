import { describe, expect, it } from "vitest";

import { corpusRefusal, isDemoNetwork, jobCorpus, SHIPPED_CORPUS_SHA256 } from "./corpus";
import { DEFAULT_PARAMS } from "./params";

const PINNED = "7".repeat(64);
const pinned = { ...DEFAULT_PARAMS, corpus: { ...DEFAULT_PARAMS.corpus, sha256: PINNED } };

describe("which corpus", () => {
  it("a job names: the shipped one on a demo network, the pinned one (or none yet) on a public one", () => {
    expect(isDemoNetwork("demo")).toBe(true);
    expect(isDemoNetwork("finney")).toBe(false);
    expect(isDemoNetwork("test")).toBe(false);
    expect(jobCorpus(pinned, true)).toBe(SHIPPED_CORPUS_SHA256);
    expect(jobCorpus(pinned, false)).toBe(PINNED);
    expect(jobCorpus(DEFAULT_PARAMS, false)).toBeNull();
  });

  it("a run may use: a public network refuses the shipped corpus and any but the pinned one", () => {
    expect(corpusRefusal(SHIPPED_CORPUS_SHA256, pinned, false)).toMatch(/shipped demo corpus/);
    expect(corpusRefusal("8".repeat(64), pinned, false)).toMatch(/not the pinned deepmind\/pg19 test/);
    expect(corpusRefusal(PINNED, pinned, false)).toBeNull();
    expect(corpusRefusal(undefined, pinned, false)).toBeNull();
    expect(corpusRefusal(SHIPPED_CORPUS_SHA256, pinned, true)).toBeNull();
  });
});
