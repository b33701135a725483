import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { BaselineCache, baselineCacheKey, type BaselineKeyInput } from "./baseline";

const input: BaselineKeyInput = {
  blockHash: `0x${"ab".repeat(32)}`,
  promptEngineVersion: "cacheon-prompts/1",
  corpusSha256: "f".repeat(64),
  contextChars: 24_000,
  hardware: "4x NVIDIA H200 (driver 550)",
  image: `vllm/vllm-openai@sha256:${"d".repeat(64)}`,
  baselineArgs: "--model /models --tensor-parallel-size 4 --max-model-len 32768 --generation-config vllm",
  weightsRevision: "4".repeat(40),
  model: "Qwen2.5-72B-Instruct",
  maxTokens: 256,
  passes: 2,
};

let dir: string | null = null;
afterEach(async () => {
  if (dir !== null) await rm(dir, { recursive: true, force: true });
});

describe("baselineCacheKey", () => {
  it("changes with the seed, the prompt engine, the hardware, the image, its flags and the weights", () => {
    const key = baselineCacheKey(input);
    expect(baselineCacheKey({ ...input })).toBe(key);
    for (const change of [
      { blockHash: `0x${"cd".repeat(32)}` },
      { promptEngineVersion: "cacheon-prompts/2" },
      { hardware: "8x NVIDIA H100 (driver 550)" },
      { image: `vllm/vllm-openai@sha256:${"e".repeat(64)}` },
      { baselineArgs: "--model /models --tensor-parallel-size 4 --max-model-len 32768" },
      {
        baselineArgs:
          "--model /models --tensor-parallel-size 8 --max-model-len 32768 --generation-config vllm",
      },
      { weightsRevision: "5".repeat(40) },
    ]) {
      expect(baselineCacheKey({ ...input, ...change })).not.toBe(key);
    }
  });
});

describe("BaselineCache", () => {
  it("stores and reads back a record; a corrupt file is a miss", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "baseline-"));
    const cache = new BaselineCache(dir);
    const key = baselineCacheKey(input);
    expect(await cache.get(key)).toBeNull();
    const record = {
      key,
      measuredAt: new Date().toISOString(),
      engine: "vllm",
      version: "v",
      image: input.image,
      prompts: [],
    };
    await cache.put(record);
    expect(await cache.get(key)).toEqual(record);
    expect((await readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    await writeFile(path.join(dir, `baseline-${key}.json`), "{ truncated");
    expect(await cache.get(key)).toBeNull();
  });
});
