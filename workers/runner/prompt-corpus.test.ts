import { copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { loadCorpus } from "@/workers/runner/engine/corpus";
import { SHIPPED_CORPUS_SHA256 } from "@/lib/protocol/corpus";
import { DEFAULT_PARAMS, type ParamsVersion } from "@/lib/protocol/params";
import type { Job } from "@/lib/schemas/jobs";

import { createTestRunner, REPO_ROOT } from "./test-support/reference-runner";
import { startTestExplorer, type TestExplorer } from "./test-support/test-explorer";

// The prompts come from the corpus the job's seed names, verified by its identity: through the real loop, a
// runner holding another corpus evaluates nothing and posts nothing; the shipped corpus is used only for a
// demo network's jobs, and the run says which corpus it used.

let dir: string;
let pg19: string;
let pg19Sha256: string;
let versions: ParamsVersion[];
const apis: TestExplorer[] = [];
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "corpus-"));
  pg19 = path.join(dir, "pg19");
  await mkdir(pg19);
  await copyFile(path.join(REPO_ROOT, "corpus", "the-lamplighter-of-varn.txt"), path.join(pg19, "1001.txt"));
  pg19Sha256 = loadCorpus(pg19).sha256;
  versions = [
    { fromBlock: 0, params: { ...DEFAULT_PARAMS, corpus: { ...DEFAULT_PARAMS.corpus, sha256: pg19Sha256 } } },
  ];
});
afterAll(async () => {
  for (const api of apis) await api.close();
  await rm(dir, { recursive: true, force: true });
});

/**
 * What the explorer's jobs name as their corpus: a demo network's (the shipped one), a public network's under
 * the protocol's parameters (none pinned), or, by rewriting the real routes' jobs, an explorer they cannot be:
 * one whose parameters pin `corpusSha256`, or an older one that names none (undefined).
 */
type Listing = "demo" | "public" | { readonly corpusSha256: string | undefined };

async function runOnce(name: string, listing: Listing, corpusPath?: string) {
  const api = await startTestExplorer({ demoNetwork: listing === "demo" });
  apis.push(api);
  if (typeof listing === "object")
    api.rewriteJobs = (job: Job) => ({ ...job, seed: { ...job.seed, corpusSha256: listing.corpusSha256 } });
  await api.addJob("local/reference:normal_t15_r200");
  const { runner } = createTestRunner({
    explorer: api,
    spoolDir: path.join(dir, `spool-${name}`),
    cacheDir: path.join(dir, "cache"),
    baselineTag: "normal_t60_r100",
    corpusPath,
    versions,
  });
  await runner.runOnce();
  return { api, lastError: runner.lastError ?? "" };
}

describe("the prompt corpus", () => {
  it("is the shipped one for a demo network's job, and the posted run names it", async () => {
    const { api } = await runOnce("demo", "demo");
    expect(api.runs).toHaveLength(1);
    expect(api.runs[0]?.seed.corpusSha256).toBe(SHIPPED_CORPUS_SHA256);
  });

  it("refuses a public network's job with the shipped corpus: nothing is leased or posted", async () => {
    const { api, lastError } = await runOnce("public", { corpusSha256: pg19Sha256 });
    expect(api.leases).toEqual([]);
    expect(api.runs).toEqual([]);
    expect(lastError).toContain(
      `prompt corpus: ${path.join(REPO_ROOT, "corpus")} is ${SHIPPED_CORPUS_SHA256}, the job's prompts need deepmind/pg19 test at ${DEFAULT_PARAMS.corpus.revision} (${pg19Sha256}): check --corpus (runner corpus download fetches it)`,
    );
  });

  it("means the pinned corpus when an older explorer's seed names none", async () => {
    const { api, lastError } = await runOnce("older", { corpusSha256: undefined });
    expect(api.runs).toEqual([]);
    expect(lastError).toMatch(/the job's prompts need deepmind\/pg19 test/);
  });

  it("refuses the demo corpus's job to a runner holding the pinned corpus", async () => {
    const { api, lastError } = await runOnce("other", "demo", pg19);
    expect(api.runs).toEqual([]);
    expect(lastError).toContain(
      `prompt corpus: ${pg19} is ${pg19Sha256}, the job's prompts need the shipped demo corpus`,
    );
  });

  it("runs a public network's job on the process driver's stand-ins never", async () => {
    const { api, lastError } = await runOnce("stand-ins", { corpusSha256: pg19Sha256 }, pg19);
    expect(api.runs).toEqual([]);
    expect(lastError).toContain("the process driver runs stand-ins, not the pinned vLLM");
    expect(lastError).not.toContain("prompt corpus");
  });

  it("says so while the protocol has not pinned the corpus", async () => {
    versions = [{ fromBlock: 0, params: DEFAULT_PARAMS }];
    const { api, lastError } = await runOnce("unpinned", "public", pg19);
    expect(api.runs).toEqual([]);
    expect(lastError).toContain("the protocol has not pinned the identity of deepmind/pg19 test");
  });
});
