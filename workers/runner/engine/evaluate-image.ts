import type { RunPhase } from "@/lib/protocol/run-schema";

import type { ContainerDriver, RunningContainer, StartSpec } from "./driver";
import { EvalAborted, EvalFailure, runnerError } from "./failure";
import { waitForHealth } from "./health";
import type { LiveFn } from "./live";
import type { PromptMeasurement } from "./measure";
import { utf8Tail } from "./log-tail";
import { runPasses, type ProgressFn } from "./passes";
import type { EvalPrompt } from "./prompts";
import { LOG_TAIL_BYTES, type EvalSettings } from "./settings";

export interface EvaluateImageInput {
  readonly driver: ContainerDriver;
  readonly spec: StartSpec;
  readonly warmups: readonly EvalPrompt[];
  readonly scored: readonly EvalPrompt[];
  readonly settings: EvalSettings;
  readonly signal: AbortSignal;
  readonly progress: ProgressFn;
  /** Told the container's whole log (its last FULL_LOG_BYTES) just before the container is removed. */
  readonly onLog?: (log: string) => void;
  /** Told what only the operator's terminal shows: the pull's bytes, the health wait's start. */
  readonly live?: LiveFn;
}

/** What a job report keeps of a container's log. */
export const FULL_LOG_BYTES = 16 * 1024 * 1024;

export interface ImageMeasurements {
  readonly prompts: PromptMeasurement[];
  readonly logTail: string;
}

/** The container's log, read once: the whole of it for the report when asked for, its tail for the run. */
async function readLog(container: RunningContainer, input: EvaluateImageInput): Promise<string> {
  const log = await container
    .logTail(input.onLog === undefined ? LOG_TAIL_BYTES : FULL_LOG_BYTES)
    .catch((error: unknown) => `(log unavailable: ${String(error)})`);
  input.onLog?.(log);
  return utf8Tail(log, LOG_TAIL_BYTES);
}

/**
 * One image from pull to removal: prepare, start, health, passes. The container is removed on every path
 * (success, failure, abort) before this returns; a failure carries the log tail read just before removal.
 * Throws EvalFailure or EvalAborted; anything unexpected becomes `runner_error`.
 */
export async function evaluateImage(input: EvaluateImageInput): Promise<ImageMeasurements> {
  const { driver, spec, signal } = input;
  let container: RunningContainer | null = null;
  // The phase reached so far, so that an unexpected error is reported at the stage where it happened.
  let stage: RunPhase = "pulling";
  const progress: ProgressFn = (phase, detail, prompt) => {
    stage = phase;
    input.progress(phase, detail, prompt);
  };
  try {
    progress("pulling", `${spec.image}@${spec.digest}`);
    await driver.prepare(spec, signal, (pull) => input.live?.({ kind: "pull", progress: pull }));
    if (signal.aborted) throw new EvalAborted();
    progress("starting", `${driver.kind} driver`);
    container = await driver.start(spec);
    progress("health", `polling ${container.baseUrl}/health`);
    input.live?.({ kind: "health", timeoutMs: input.settings.healthTimeoutMs });
    await waitForHealth(container, {
      pollMs: input.settings.healthPollMs,
      timeoutMs: input.settings.healthTimeoutMs,
      signal,
    });
    const prompts = await runPasses({ ...input, container, progress });
    return { prompts, logTail: await readLog(container, input) };
  } catch (error) {
    if (error instanceof EvalAborted) throw error;
    if (signal.aborted) throw new EvalAborted();
    const failure = error instanceof EvalFailure ? error : runnerError(stage, error);
    throw container === null ? failure : failure.withLogTail(await readLog(container, input));
  } finally {
    await container?.remove();
  }
}
