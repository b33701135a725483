import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { referenceRunnerFlags, REPO_ROOT } from "./test-support/reference-runner";
import { startTestExplorer, type TestExplorer } from "./test-support/test-explorer";

// The documented start command, as a separate process: --once, a real restart, and the spool in between.

let api: TestExplorer;
let dir: string;
const BASELINE = "local/reference:normal_t20_r5000";

function runMain(extra: string[] = []): Promise<{ code: number | null; stderr: string }> {
  const args = [
    "--import",
    "tsx",
    "workers/runner/main.ts",
    "--api-url",
    api.url,
    "--signed-for",
    api.signedFor,
    "--dev-uri",
    "//Validator1",
    ...referenceRunnerFlags(BASELINE, path.join(dir, "cache")),
    "--health-timeout-ms",
    "5000",
    "--spool-dir",
    path.join(dir, "spool"),
    "--log-level",
    "warn",
    "--once",
    ...extra,
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    child.on("exit", (code) => resolve({ code, stderr }));
  });
}

beforeAll(async () => {
  api = await startTestExplorer();
  dir = await mkdtemp(path.join(os.tmpdir(), "cacheon-cli-"));
});
afterAll(async () => {
  await api?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("workers/runner/main.ts --once", () => {
  it("spools a run the API cannot take, and delivers it after a restart without evaluating again", async () => {
    await api.addJob("local/reference:normal_t5_r8000");
    api.failRunsWith = 503;
    const first = await runMain();
    expect(first.code).toBe(0);
    expect(first.stderr).toContain("runs remain in the spool");
    expect(api.runs).toEqual([]);
    expect(await readdir(path.join(dir, "spool", "pending"))).toHaveLength(1);

    api.failRunsWith = null;
    const second = await runMain();
    expect(second.code).toBe(0);
    expect(api.runs).toHaveLength(1);
    expect(api.runs[0]?.outcome).toBe("scored");
    expect(api.runs[0]?.prompts.every((p) => p.outputTokens === 256)).toBe(true);
    expect(api.leases).toHaveLength(1);
    expect(await readdir(path.join(dir, "spool", "pending"))).toEqual([]);

    // `runner status` reads the report the job left (stdout is no terminal here: no status line).
    const status = await new Promise<string>((resolve) => {
      const args = [
        "--import",
        "tsx",
        "workers/runner/main.ts",
        "status",
        "--report-dir",
        path.join(dir, "reports"),
      ];
      const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "inherit"] });
      let stdout = "";
      child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
      child.on("exit", () => resolve(stdout));
    });
    expect(status).toMatch(/^runner {5}not running \(pid \d+/);
    expect(status).toMatch(/last jobs  .* {2}local\/reference:normal_t5_r8000 {2}scored \d+\.\d %/);
    expect(status).toMatch(/reports\/.*_[0-9a-f-]{36}\/report\.json/);
  }, 60_000);

  it("prints what it expected and exits 1 on a bad configuration", async () => {
    const result = await runMain(["--driver", "kubernetes"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("--driver (RUNNER_DRIVER)");
  });
});
