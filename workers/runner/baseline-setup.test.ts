import { describe, expect, it } from "vitest";

import { DEFAULT_PARAMS } from "@/lib/protocol/params";

import { pinnedSetup, setupDifferences } from "./baseline-setup";

const pinned = pinnedSetup(DEFAULT_PARAMS, 4);

describe("setupDifferences", () => {
  it("finds none in the pinned setup, a mirror of the same digest or flags written --flag=value", () => {
    expect(setupDifferences(pinned, pinned)).toEqual([]);
    const digest = DEFAULT_PARAMS.baseline.image.split("@")[1] as string;
    expect(setupDifferences(pinned, { ...pinned, image: `registry.local:5000/vllm@${digest}` })).toEqual([]);
    const equals = pinned.args.flatMap((arg, i, all) =>
      arg.startsWith("--") ? [`${arg}=${all[i + 1] ?? ""}`] : [],
    );
    expect(setupDifferences(pinned, { ...pinned, args: equals })).toEqual([]);
  });

  it("names tensor parallelism over another GPU count and an unknown weights revision", () => {
    expect(setupDifferences(pinned, { ...pinnedSetup(DEFAULT_PARAMS, 8), weightsRevision: null })).toEqual([
      "vLLM flag --tensor-parallel-size: 8, pinned 4",
      `weights revision: unknown (Qwen/Qwen2.5-72B-Instruct), pinned ${DEFAULT_PARAMS.baseline.weightsRevision} of Qwen/Qwen2.5-72B-Instruct`,
    ]);
  });
});
