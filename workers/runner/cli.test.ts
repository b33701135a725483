import { readdir } from "node:fs/promises";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { runCommand, startRunnerProcess } from "./test-support/runner-process";
import { serveTestExplorer } from "./test-support/test-explorer";

// The documented start command, as a separate process: --once, a real restart, and the spool in between.

async function runMain(extra: string[] = []): Promise<{ code: number | null; stderr: string }> {
  const runner = startRunnerProcess({ explorer: suite.explorer, dir: suite.dir, once: true, extra });
  return { code: await runner.exited, stderr: runner.stderr() };
}

const suite = serveTestExplorer("cacheon-cli-");

describe("workers/runner/main.ts --once", () => {
  it("spools a run the API cannot take, and delivers it after a restart without evaluating again", async () => {
    const { explorer: api, dir } = suite;
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
    const { stdout: status } = await runCommand(["status", "--report-dir", path.join(dir, "reports")]);
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
