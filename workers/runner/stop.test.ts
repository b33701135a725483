import { readdir } from "node:fs/promises";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { createTestRunner } from "./test-support/reference-runner";
import { serveTestExplorer } from "./test-support/test-explorer";

// Stopping mid-benchmark (SIGINT/SIGTERM call Runner.stop): the job is abandoned, its server removed, and
// nothing half-measured is posted.

const suite = serveTestExplorer("cacheon-stop-");

describe("Runner.stop", () => {
  it("abandons the current job, removes its server and posts nothing", async () => {
    const { explorer: api, dir } = suite;
    // 20 tokens/s: the benchmark lasts long enough to be interrupted.
    await api.addJob("local/reference:normal_t5_r20");
    const { runner } = createTestRunner({
      explorer: api,
      spoolDir: path.join(dir, "spool"),
      cacheDir: path.join(dir, "cache"),
      baselineTag: "normal_t5_r4000",
    });
    const loop = runner.start();
    const submissionPhase = (phase: string) =>
      api.progress.find((p) => p.event.phase === phase && !p.event.detail.startsWith("baseline:"));
    for (let i = 0; i < 300 && submissionPhase("benchmark") === undefined; i++)
      await new Promise((r) => setTimeout(r, 20));
    const health = submissionPhase("health");
    expect(health).toBeDefined();
    await runner.stop();
    await loop;

    expect(api.runs).toEqual([]);
    expect(await readdir(path.join(dir, "spool", "pending"))).toEqual([]);
    const url = /polling (\S+)\/health/.exec(health?.event.detail ?? "")?.[1];
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  }, 30_000);
});
