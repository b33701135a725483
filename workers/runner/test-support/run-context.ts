import type { RunV1 } from "@/lib/protocol/run-schema";

import { EvalFailure } from "../engine/failure";
import { buildRun, type RunContext } from "../engine/run-builder";
import type { Job } from "../jobs";

// Test support: a run's context with plain values, so a test states only what matters to it.

const HOTKEY = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

export function runContext(overrides: Partial<RunContext> = {}): RunContext {
  return {
    runId: "0b7f8a8e-7c55-4d8c-9a57-0f1b8f6d9c21",
    netuid: 14,
    submission: { hotkey: HOTKEY, image: "alice/x:1", digest: `sha256:${"a".repeat(64)}`, commitBlock: 1 },
    seed: { block: 2, blockHash: `0x${"b".repeat(64)}` },
    validatorHotkey: HOTKEY,
    runner: { version: "t", gpu: { model: "CPU", count: 1, driver: "none" }, host: "h" },
    startedAt: new Date(),
    finishedAt: new Date(),
    baselineInfo: { engine: "vllm", version: "v", image: "vllm" },
    correctness: { maxLogprobGap: 0.5, topK: 5 },
    ...overrides,
  };
}

/** A run that failed before the baseline was measured. */
export const failedRun = (context: RunContext, failure: EvalFailure): RunV1 =>
  buildRun(context, { kind: "failed", failure, baseline: null });

/** A run of `job` (as GET /api/v1/jobs listed it) that failed at the pull, in the bytes a runner spools. */
export function spooledFailedRun(
  job: Job,
  validatorHotkey: string,
  runId: string,
  message = "no manifest",
): Buffer {
  const context = runContext({
    runId,
    submission: job.submission,
    seed: { block: job.seed.block, blockHash: job.seed.blockHash },
    validatorHotkey,
  });
  return Buffer.from(JSON.stringify(failedRun(context, new EvalFailure("pull_failed", "pulling", message))));
}
