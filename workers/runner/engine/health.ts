import { setTimeout as delay } from "node:timers/promises";

import type { RunPhase } from "@/lib/protocol/run-schema";

import type { ContainerState, RunningContainer } from "./driver";
import { EvalAborted, EvalFailure } from "./failure";

/** The failure for a container that is no longer running: `oom` when the kernel killed it for memory. */
export function exitFailure(
  state: Extract<ContainerState, { status: "exited" }>,
  stage: RunPhase,
): EvalFailure {
  if (state.oomKilled)
    return new EvalFailure("oom", stage, "the container was killed for exceeding its memory limit");
  return new EvalFailure(
    "container_crashed",
    stage,
    `the container exited with code ${state.exitCode ?? "unknown"}`,
  );
}

export interface HealthOptions {
  readonly pollMs: number;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

/** Polls GET /health until 200; a container that exits first crashed, one that never answers timed out. */
export async function waitForHealth(container: RunningContainer, options: HealthOptions): Promise<void> {
  const deadline = performance.now() + options.timeoutMs;
  for (;;) {
    if (options.signal.aborted) throw new EvalAborted();
    const state = await container.state();
    if (state.status === "exited") throw exitFailure(state, "health");
    try {
      // A server that accepts the connection but never answers must not stall the poll past its period.
      const res = await fetch(new URL("/health", container.baseUrl), {
        signal: AbortSignal.any([options.signal, AbortSignal.timeout(Math.max(1_000, options.pollMs))]),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.status === 200) return;
    } catch {
      // Not listening yet: the usual state while the weights load.
    }
    const left = deadline - performance.now();
    if (left <= 0) {
      throw new EvalFailure(
        "health_timeout",
        "health",
        `GET /health did not answer 200 within ${Math.round(options.timeoutMs / 1000)} s`,
      );
    }
    // An abort ends the wait early; the loop head then throws EvalAborted.
    await delay(Math.min(options.pollMs, left), undefined, { signal: options.signal }).catch(() => undefined);
  }
}
