import path from "node:path";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

import { SHIPPED_CORPUS_SHA256 } from "@/lib/protocol/corpus";

import { loadCorpus } from "./corpus";

describe("the corpus identity", () => {
  it("of the shipped corpus is the constant the explorer knows it by", () => {
    const shipped = fileURLToPath(new URL("../../../corpus", import.meta.url));
    expect(loadCorpus(path.resolve(shipped)).sha256).toBe(SHIPPED_CORPUS_SHA256);
  });
});
