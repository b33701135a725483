import { backoffDelayMs } from "@/lib/backoff";

/**
 * Jobs that ended in `runner_error` (the validator's own fault), each waiting out its own back-off before it
 * is tried again. The explorer offers such a job again at once, oldest first, so without this one image that
 * keeps failing on this pod would be evaluated over and over and hold every later job back.
 */
export class JobBackoff {
  private readonly failing = new Map<string, { attempts: number; retryAtMs: number }>();

  constructor(
    private readonly delay: { readonly baseMs: number; readonly maxMs: number },
    private readonly nowMs: () => number = () => Date.now(),
  ) {}

  /** Whether the job is still waiting out its back-off (skip it and go on with the next). */
  waiting(submissionId: string): boolean {
    const entry = this.failing.get(submissionId);
    return entry !== undefined && this.nowMs() < entry.retryAtMs;
  }

  /** Records a runner_error; returns how long the job now waits. */
  failed(submissionId: string): number {
    const attempts = (this.failing.get(submissionId)?.attempts ?? 0) + 1;
    const waitMs = backoffDelayMs(attempts, this.delay);
    this.failing.set(submissionId, { attempts, retryAtMs: this.nowMs() + waitMs });
    return waitMs;
  }

  /** The job produced a run that is not the validator's fault: its back-off is over. */
  succeeded(submissionId: string): void {
    this.failing.delete(submissionId);
  }
}
