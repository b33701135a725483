import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { EvalFailure } from "@/workers/runner/engine/failure";
import { createLogger } from "@/lib/log";

import type { ApiClient, LeaseResult } from "./api-client";
import type { JobEvaluator } from "./evaluate-job";
import type { Job } from "./jobs";
import { Runner } from "./loop";
import { Spool } from "./spool";
import { failedRun, runContext } from "./test-support/run-context";

// The loop's pacing with fakes: it must never spin on jobs it cannot make progress on.

const HOTKEY = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
const job: Job = {
  submissionId: "1",
  submission: { hotkey: HOTKEY, image: "alice/x:1", digest: `sha256:${"a".repeat(64)}`, commitBlock: 1 },
  seed: { block: 2, blockHash: `0x${"b".repeat(64)}` },
};
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "loop-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const laterJob: Job = {
  ...job,
  submissionId: "2",
  submission: { ...job.submission, image: "bob/y:1", commitBlock: 2 },
};

function setup(
  lease: LeaseResult,
  name: string,
  options: { jobs?: Job[]; failing?: string; pauseMs?: number } = {},
) {
  const calls = { list: 0, evaluate: 0, evaluated: [] as string[] };
  const jobs = options.jobs ?? [job];
  const api = {
    listJobs: async () => (calls.list++, jobs),
    lease: async () => lease,
    progress: async () => ({ status: 201, text: "", retryAfterMs: null }),
    postRun: async () => ({ status: 201, text: "", retryAfterMs: null }),
  } as unknown as ApiClient;
  const evaluator = {
    refusal: () => [],
    measure: async (measured: Job, runId: string) => {
      calls.evaluate++;
      calls.evaluated.push(measured.submissionId);
      return { runId, submissionId: measured.submissionId };
    },
    conclude: async (measured: { runId: string; submissionId: string }[]) =>
      measured.map(({ runId, submissionId }) =>
        failedRun(
          runContext({
            runId,
            submission: job.submission,
            seed: { block: job.seed.block, blockHash: job.seed.blockHash },
            validatorHotkey: HOTKEY,
          }),
          options.failing === undefined || submissionId === options.failing
            ? new EvalFailure("runner_error", "starting", "docker refuses this image")
            : new EvalFailure("health_timeout", "health", "never healthy"),
        ),
      ),
  } as unknown as JobEvaluator;
  const log = createLogger({}, "error");
  const spool = new Spool(path.join(dir, name));
  const runner = new Runner({
    api,
    spool,
    evaluator,
    log,
    pollIntervalMs: 100,
    ...(options.pauseMs === undefined
      ? {}
      : { runnerErrorPause: { baseMs: options.pauseMs, maxMs: options.pauseMs } }),
  });
  return { runner, calls };
}

describe("Runner loop", () => {
  it("pauses after a runner_error instead of evaluating the same job again at once", async () => {
    const { runner, calls } = setup({ ok: true, expiresAt: null }, "a");
    void runner.start();
    await new Promise((r) => setTimeout(r, 400));
    await runner.stop();
    expect(calls.evaluate).toBe(1);
  });

  it("moves past a job that keeps ending in runner_error to the jobs after it", async () => {
    const { runner, calls } = setup({ ok: true, expiresAt: null }, "c", {
      jobs: [job, laterJob],
      failing: "1",
      pauseMs: 20,
    });
    void runner.start();
    await new Promise((r) => setTimeout(r, 400));
    await runner.stop();
    // The failing job once (then it waits out its own back-off), the later one after the loop's short pause.
    expect(calls.evaluated.slice(0, 2)).toEqual(["1", "2"]);
    expect(calls.evaluated.filter((id) => id === "1")).toHaveLength(1);
  });

  it("waits a poll interval when every job is skipped", async () => {
    const { runner, calls } = setup({ ok: false, status: 409, message: "already evaluated" }, "b");
    void runner.start();
    await new Promise((r) => setTimeout(r, 450));
    await runner.stop();
    expect(calls.evaluate).toBe(0);
    // A spinning loop would have listed hundreds of times in 450 ms.
    expect(calls.list).toBeGreaterThanOrEqual(1);
    expect(calls.list).toBeLessThanOrEqual(6);
  });
});
