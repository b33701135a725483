import type { OutputVerification } from "@/lib/protocol/verification";

import type { ContainerDriver, RunningContainer, StartSpec } from "./driver";
import { EvalAborted, EvalFailure } from "./failure";
import { waitForHealth } from "./health";
import type { LiveFn } from "./live";
import type { EvalPrompt } from "./prompts";
import type { EvalSettings } from "./settings";
import { verifyTimedText } from "./verify";

// The baseline session that verifies timed outputs: the pinned baseline started through the same driver (and
// so the same image, flags and weights) once the submissions' containers are gone; several jobs may share it.
// Whatever goes wrong here is the validator's fault: every error but an abort becomes `runner_error`.

export interface TimedOutput {
  readonly prompt: EvalPrompt;
  readonly text: string;
}

export interface VerifySessionInput {
  readonly driver: ContainerDriver;
  /** The baseline's start spec, as for its measurement. */
  readonly spec: StartSpec;
  readonly settings: EvalSettings;
  readonly signal: AbortSignal;
  readonly live?: LiveFn;
}

export type VerifyFn = (outputs: readonly TimedOutput[]) => Promise<Map<number, OutputVerification>>;

function asRunnerError(error: unknown, signal: AbortSignal): Error {
  if (error instanceof EvalAborted || signal.aborted) return new EvalAborted();
  const why = error instanceof EvalFailure ? `${error.reason}: ${error.message}` : String(error);
  return new EvalFailure(
    "runner_error",
    "correctness",
    `the baseline could not verify the timed output (${why})`,
  );
}

/**
 * Starts the baseline, hands `withVerify` a function that verifies one job's timed outputs (by prompt index), and
 * removes the baseline before returning. Starting it throws `runner_error` (or EvalAborted); so does `verify`.
 */
export async function withVerifySession<T>(
  input: VerifySessionInput,
  withVerify: (verify: VerifyFn) => Promise<T>,
): Promise<T> {
  const { driver, spec, settings, signal } = input;
  let session: RunningContainer | null = null;
  try {
    try {
      await driver.prepare(spec, signal, (pull) => input.live?.({ kind: "pull", progress: pull }));
      session = await driver.start(spec);
      input.live?.({ kind: "health", timeoutMs: settings.healthTimeoutMs });
      await waitForHealth(session, {
        pollMs: settings.healthPollMs,
        timeoutMs: settings.healthTimeoutMs,
        signal,
      });
    } catch (error) {
      throw asRunnerError(error, signal);
    }
    const baseUrl = session.baseUrl;
    return await withVerify(async (outputs) => {
      const verified = new Map<number, OutputVerification>();
      try {
        for (const o of outputs) {
          if (signal.aborted) throw new EvalAborted();
          const v = await verifyTimedText({ baseUrl, prompt: o.prompt, text: o.text, settings, signal });
          verified.set(o.prompt.index, v);
        }
      } catch (error) {
        throw asRunnerError(error, signal);
      }
      return verified;
    });
  } finally {
    await session?.remove();
  }
}
