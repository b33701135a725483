import type { OutputVerification } from "@/lib/protocol/verification";

import type { ContainerDriver, RunningContainer, StartSpec } from "./driver";
import { EvalAborted, EvalFailure } from "./failure";
import { waitForHealth } from "./health";
import type { ProgressFn } from "./passes";
import type { EvalPrompt } from "./prompts";
import type { EvalSettings } from "./settings";
import { verifyTimedText } from "./verify";

// The baseline session that verifies timed outputs: the pinned baseline started through the same driver (and
// so the same image, flags and weights) once the submission's container is gone. Whatever goes wrong here is
// the validator's fault: every error but an abort becomes `runner_error`.

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
  readonly progress: ProgressFn;
}

/** Verifies every timed output in one baseline session; the session is removed before this returns. */
export async function verifyTimedOutputs(
  input: VerifySessionInput,
  outputs: readonly TimedOutput[],
): Promise<Map<number, OutputVerification>> {
  const { driver, spec, settings, signal } = input;
  let session: RunningContainer | null = null;
  try {
    input.progress("correctness", `verification: starting the baseline (${spec.image})`);
    await driver.prepare(spec, signal);
    session = await driver.start(spec);
    await waitForHealth(session, {
      pollMs: settings.healthPollMs,
      timeoutMs: settings.healthTimeoutMs,
      signal,
    });
    input.progress("correctness", `verification: ${outputs.length} timed outputs under the baseline`);
    const verified = new Map<number, OutputVerification>();
    for (const o of outputs) {
      if (signal.aborted) throw new EvalAborted();
      const baseUrl = session.baseUrl;
      verified.set(
        o.prompt.index,
        await verifyTimedText({ baseUrl, prompt: o.prompt, text: o.text, settings, signal }),
      );
    }
    return verified;
  } catch (error) {
    if (error instanceof EvalAborted || signal.aborted) throw new EvalAborted();
    const why = error instanceof EvalFailure ? `${error.reason}: ${error.message}` : String(error);
    throw new EvalFailure(
      "runner_error",
      "correctness",
      `the baseline could not verify the timed output (${why})`,
    );
  } finally {
    await session?.remove();
  }
}
