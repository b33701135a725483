import { copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { loadCorpus } from "@/workers/runner/engine/corpus";
import type { ContainerDriver } from "@/workers/runner/engine/driver";
import { DEFAULT_PARAMS } from "@/lib/protocol/params";

import { createTestRunner, digestOf, REPO_ROOT } from "./test-support/reference-runner";
import { startTestExplorer, type TestExplorer } from "./test-support/test-explorer";

// A runner whose baseline is not the protocol's pinned one measures every submission against another
// server: through the real loop, it leases nothing, starts nothing and posts nothing, and says why.

let dir: string;
let api: TestExplorer;
/** A public network's corpus: one book, pinned in the test's parameters. */
let corpusDir: string;
let corpusSha256: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "pinned-"));
  corpusDir = path.join(dir, "pg19");
  await mkdir(corpusDir);
  await copyFile(
    path.join(REPO_ROOT, "corpus", "the-lamplighter-of-varn.txt"),
    path.join(corpusDir, "1001.txt"),
  );
  corpusSha256 = loadCorpus(corpusDir).sha256;
  api = await startTestExplorer();
});
afterAll(async () => {
  await api?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The reference server, presented as Docker so the runner compares its baseline (the process driver's is a stand-in). */
const asDocker =
  (started: string[]) =>
  (driver: ContainerDriver): ContainerDriver => ({
    ...driver,
    kind: "docker",
    start: (spec) => (started.push(spec.name), driver.start(spec)),
  });

describe("the pinned baseline", () => {
  it("refuses to evaluate or post with another baseline, naming each difference", async () => {
    // A public network's job under parameters that pin the test's corpus: the real routes list the protocol's,
    // so the job is rewritten.
    api.rewriteJobs = (job) => ({ ...job, seed: { ...job.seed, corpusSha256 } });
    await api.addJob("local/reference:normal_t15_r200");
    const started: string[] = [];
    const { runner } = createTestRunner({
      explorer: api,
      spoolDir: path.join(dir, "spool"),
      cacheDir: path.join(dir, "cache"),
      baselineTag: "normal_t60_r100",
      wrapDriver: asDocker(started),
      weightsRevision: { revision: "1".repeat(40), source: "download metadata of 3 files" },
      corpusPath: corpusDir,
      versions: [
        {
          fromBlock: 0,
          params: { ...DEFAULT_PARAMS, corpus: { ...DEFAULT_PARAMS.corpus, sha256: corpusSha256 } },
        },
      ],
    });
    const { remaining } = await runner.runOnce();
    expect(remaining).toBe(0);
    expect(api.runs).toEqual([]);
    expect(api.leases).toEqual([]);
    expect(started).toEqual([]);
    const message = runner.lastError ?? "";
    expect(message).not.toContain("prompt corpus");
    expect(message).toContain(
      `baseline image: local/reference:normal_t60_r100@${digestOf("local/reference:normal_t60_r100")}, pinned ${DEFAULT_PARAMS.baseline.image}`,
    );
    expect(message).toContain("vLLM flag --generation-config: missing, pinned vllm");
    expect(message).toContain("vLLM flag --max-model-len: missing, pinned 32768");
    expect(message).toContain("vLLM flag --tensor-parallel-size: missing, pinned 1");
    expect(message).toContain(
      `weights revision: ${"1".repeat(40)} (download metadata of 3 files), pinned ${DEFAULT_PARAMS.baseline.weightsRevision}`,
    );
  });
});
