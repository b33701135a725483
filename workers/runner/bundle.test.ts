import { execFile } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { explorerFlags, processDriverFlags, REPO_ROOT } from "./test-support/reference-runner";
import { startTestExplorer, type TestExplorer } from "./test-support/test-explorer";

// The one-file runner a validator copies to its pod, run from a folder with nothing else in it: no
// repository, no node_modules. Signing (sr25519's WASM) must work from the bundle alone.

const run = promisify(execFile);
let dir: string;
let api: TestExplorer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "runner-bundle-"));
  await run(process.execPath, ["scripts/build-runner.mjs", "--out", path.join(dir, "build")], {
    cwd: REPO_ROOT,
  });
  // Moved away from where it was built, as an operator would copy it.
  await cp(path.join(dir, "build"), path.join(dir, "pod"), { recursive: true });
  await rm(path.join(dir, "build"), { recursive: true });
  api = await startTestExplorer();
}, 120_000);
afterAll(async () => {
  await api?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the runner bundle", () => {
  it("prints its usage from an empty folder", async () => {
    const { stdout } = await run(process.execPath, [path.join(dir, "pod", "cacheon-runner.mjs"), "--help"], {
      cwd: os.tmpdir(),
    });
    expect(stdout).toMatch(/--api-url/);
    expect(stdout).toMatch(/doctor/);
  });

  it("signs requests the explorer accepts", async () => {
    const baseline = "local/reference:normal_t20_r5000";
    const { stdout } = await run(
      process.execPath,
      [
        path.join(dir, "pod", "cacheon-runner.mjs"),
        "doctor",
        ...explorerFlags(api),
        ...processDriverFlags("true", baseline),
      ],
      { cwd: os.tmpdir() },
    );
    // The permit check is a signed GET /api/v1/jobs: 200 only when the signature verified.
    expect(stdout).toMatch(/ok\s+validator permit/);
    expect(stdout).toMatch(/ready/);
  });
});
