import type { RunFailureReason } from "@/lib/protocol/failure-reasons";
import type { RunPhase } from "@/lib/protocol/run-schema";

/**
 * Why an evaluation stopped, in the vocabulary of api.md. Thrown from anywhere in the pipeline and turned
 * into the run's `failure` when the run is built, so the reason is decided where the evidence is.
 */
export class EvalFailure extends Error {
  constructor(
    readonly reason: RunFailureReason,
    readonly stage: RunPhase,
    message: string,
    /** Container log tail, when the failure happened with a container running. */
    readonly logTail = "",
  ) {
    super(message);
    this.name = "EvalFailure";
  }

  withLogTail(logTail: string): EvalFailure {
    return new EvalFailure(this.reason, this.stage, this.message, logTail);
  }
}

/** The validator's own fault (its disk, its Docker daemon, its baseline): shown but never held against a miner. */
export function runnerError(stage: RunPhase, error: unknown): EvalFailure {
  const message = error instanceof Error ? error.message : String(error);
  return new EvalFailure("runner_error", stage, message);
}

/** Raised when the runner is being stopped: the job is abandoned, nothing is posted. */
export class EvalAborted extends Error {
  constructor() {
    super("evaluation aborted: the runner is stopping");
    this.name = "EvalAborted";
  }
}
