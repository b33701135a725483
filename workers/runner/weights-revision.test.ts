import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { readWeightsRevision } from "./weights-revision";

// The weights' commit as huggingface_hub records it: `huggingface-cli download --local-dir` writes
// .cache/huggingface/download/<file>.metadata (commit, etag, time of download), the Hub cache keeps
// snapshots/<commit>/.

const COMMIT = "495f39366efef23836d0cfae4fbe635880d2be31";
const FILES = ["config.json", "tokenizer.json", "model.safetensors"];
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "weights-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function download(folder: string, files: readonly string[], commit = COMMIT): Promise<void> {
  const meta = path.join(folder, ".cache", "huggingface", "download");
  await mkdir(meta, { recursive: true });
  for (const file of files) {
    await writeFile(path.join(folder, file), "{}");
    // Written after the file, as the downloader does, with its time of writing.
    await writeFile(path.join(meta, `${file}.metadata`), `${commit}\n"etag"\n${Date.now() / 1000 + 5}\n`);
  }
}

describe("readWeightsRevision", () => {
  it("reads the commit every checkpoint file was downloaded at", async () => {
    await download(dir, FILES);
    expect(await readWeightsRevision(dir)).toEqual({
      revision: COMMIT,
      source: "download metadata of 3 files",
    });
  });

  it("reads the commit of a Hub cache snapshot folder", async () => {
    const snapshot = path.join(dir, "models--Qwen--Qwen2.5-72B-Instruct", "snapshots", COMMIT);
    await mkdir(snapshot, { recursive: true });
    expect((await readWeightsRevision(snapshot)).revision).toBe(COMMIT);
  });

  it("cannot tell for files copied without their metadata", async () => {
    await download(dir, FILES.slice(0, 2));
    await writeFile(path.join(dir, "model.safetensors"), "x");
    expect(await readWeightsRevision(dir)).toMatchObject({
      revision: null,
      source: expect.stringMatching(/no Hugging Face download metadata for model.safetensors/),
    });
  });

  it("cannot tell for a file changed after its download", async () => {
    await download(dir, FILES);
    const later = new Date(Date.now() + 60_000);
    await utimes(path.join(dir, "config.json"), later, later);
    expect(await readWeightsRevision(dir)).toMatchObject({
      revision: null,
      source: "config.json was changed after its download",
    });
  });

  it("cannot tell for files of two revisions", async () => {
    await download(dir, FILES.slice(0, 2));
    await download(dir, ["model.safetensors"], "1".repeat(40));
    expect(await readWeightsRevision(dir)).toMatchObject({
      revision: null,
      source: expect.stringMatching(/files of 2 revisions/),
    });
  });

  it("cannot tell for a missing or empty folder", async () => {
    expect((await readWeightsRevision(path.join(dir, "absent"))).revision).toBeNull();
    expect(await readWeightsRevision(dir)).toMatchObject({ revision: null, source: /no checkpoint files/ });
  });
});
