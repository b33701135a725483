import { readFile } from "node:fs/promises";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { createLogger } from "@/lib/log";

import { createTestRunner } from "./test-support/reference-runner";
import { LOG_FILE, ReportStore, type JobReport, type RunnerStatus } from "./job-report";
import { OperatorView } from "./operator-view";
import { formatStatus } from "./status-command";
import { StatusLine } from "./terminal";
import { serveTestExplorer } from "./test-support/test-explorer";

// What an operator gets from a job through the real loop: the terminal's status line with prompt k of N, a
// report on disk (JSON and the container's log) whose path is printed, and `runner status` reading it back.

const suite = serveTestExplorer("operator-");

describe("the operator's view of a job", () => {
  it("shows progress in a terminal, keeps a report with the container's log, and `runner status` reads it", async () => {
    const { explorer: api, dir } = suite;
    await api.addJob("local/reference:crash");
    const out = { isTTY: true, written: "", write: (t: string) => ((out.written += t), true) };
    const reports = new ReportStore(path.join(dir, "reports"));
    const line = new StatusLine(out);
    const watcher = new OperatorView({ reports, log: createLogger({}, "error"), line });
    const { runner } = createTestRunner({
      explorer: api,
      spoolDir: path.join(dir, "spool"),
      cacheDir: path.join(dir, "cache"),
      baselineTag: "normal_t20_r2000",
      watcher,
    });
    await runner.runOnce();
    await watcher.flush();
    expect(api.runs).toHaveLength(1);

    // The baseline's prompts counted one by one in the status line, the outcome and the report's path left.
    expect(out.written).toContain("local/reference:crash (submission");
    expect(out.written).toMatch(/benchmark · baseline: 10 timed prompts · prompt 10 of 10 #########\./);
    const [latest] = await reports.latest(5);
    if (latest === undefined) throw new Error("no report written");
    expect(out.written).toContain(
      `local/reference:crash: failed, container_crashed at warmup  report: ${latest.path}\n`,
    );

    const report: JobReport = latest.report;
    expect(report).toMatchObject({
      runId: api.runs[0]?.runId,
      image: "local/reference:crash",
      outcome: "failed",
      failure: { reason: "container_crashed", stage: "warmup" },
    });
    expect(report.baseline.medianTtftMs).toBeGreaterThan(0);
    const log = await readFile(path.join(path.dirname(latest.path), LOG_FILE), "utf8");
    expect(log).toContain("crash");

    const status = (await reports.readStatus()) as RunnerStatus;
    expect(status).toMatchObject({ pid: process.pid, queue: 1, job: null, lastError: null });
    const text = formatStatus(status, await reports.latest(10), new Date(), () => true);
    expect(text).toContain(`runner     idle (pid ${process.pid}); 1 jobs offered`);
    expect(text).toMatch(
      /last jobs  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}local\/reference:crash {2}failed: container_crashed at warmup/,
    );
    expect(text).toContain(latest.path);
  });
});

describe("runner status", () => {
  const now = new Date("2026-12-06T12:10:00Z");
  const evaluating: RunnerStatus = {
    pid: 42,
    updatedAt: "2026-12-06T12:09:58Z",
    queue: 3,
    job: {
      runId: "r",
      submissionId: "7",
      image: "alice/fast:1",
      startedAt: "2026-12-06T12:05:30Z",
      phase: "benchmark",
      detail: "prompt 4 of 10",
    },
    lastError: "the API is unreachable",
  };

  it("says what the runner is doing, the queue and the last error", () => {
    expect(formatStatus(evaluating, [], now, () => true)).toBe(
      [
        "runner     evaluating alice/fast:1 (submission 7) for 4:30: benchmark, prompt 4 of 10",
        "queue      3 jobs offered",
        "last error the API is unreachable",
        "last jobs  none",
      ].join("\n"),
    );
  });

  it("says when the runner is not running, or never ran with this folder", () => {
    expect(formatStatus(evaluating, [], now, () => false)).toMatch(
      /^runner {5}not running \(pid 42, last seen 0:02 ago\)/,
    );
    expect(formatStatus(null, [], now, () => true)).toMatch(/^runner {5}no status/);
  });
});
