import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { digestOf, referenceRunnerFlags } from "./test-support/reference-runner";
import { runCommand } from "./test-support/runner-process";
import { takeEvaluateArgs } from "./evaluate-command";

// `runner evaluate` as a miner runs it on its own pod: the whole evaluation against the pinned baseline,
// printed, with nothing posted. The reference server stands in for the images (its tag picks the behaviour).

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "runner-evaluate-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const evaluate = (image: string) =>
  runCommand([
    ...["evaluate", "--image", `${image}@${digestOf(image)}`],
    ...referenceRunnerFlags("local/reference:normal_t30_r3000", path.join(dir, "cache")),
    ...["--log-level", "error"],
  ]);

describe("runner evaluate", () => {
  it("prints a scored outcome with the medians beside the baseline's, and exits 0", async () => {
    const { code, stdout } = await evaluate("local/reference:normal_t10_r6000");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^outcome {5}scored$/m);
    expect(stdout).toMatch(/throughput\s+median \d+ tok\/s, baseline \d+ tok\/s/);
    expect(stdout).toMatch(/correctness 10 of 10 prompts passed/);
  }, 120_000);

  it("prints why an image failed, and exits 1", async () => {
    const { code, stdout } = await evaluate("local/reference:far-divergence_t10_r6000");
    expect(code).toBe(1);
    expect(stdout).toMatch(/^outcome {5}failed: correctness_failed at /m);
    expect(stdout).toMatch(/score\s+0\.0 %/);
  }, 120_000);

  it("needs the committed digest", () => {
    expect(() => takeEvaluateArgs(["--image", "alice/fast:v1"])).toThrow(/--image name\[:tag\]@sha256/);
    expect(
      takeEvaluateArgs(["--image", `a/b:1@sha256:${"c".repeat(64)}`, "--driver", "process"]),
    ).toMatchObject({
      request: { image: "a/b:1", digest: `sha256:${"c".repeat(64)}` },
      rest: ["--driver", "process"],
    });
  });
});
