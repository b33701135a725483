import type { ProgressStep } from "@/lib/eval/passes";
import type { Logger } from "@/lib/log";
import type { RunPhase } from "@/lib/protocol/run-schema";

import type { ApiClient } from "./api-client";

/** At most this many events wait; past it the oldest waiting one is dropped (the API is slow or down). */
const MAX_WAITING = 16;

/**
 * Progress events are advisory: they are posted one at a time, in order, off the benchmark's path, and the
 * queue is bounded so an outage never piles up requests or memory.
 */
export class ProgressReporter {
  private inFlight: Promise<void> | null = null;
  private readonly waiting: { phase: RunPhase; detail: string; at: string }[] = [];

  constructor(
    private readonly api: ApiClient,
    private readonly runId: string,
    private readonly log: Logger,
    /** Told every event, prompt steps included (the operator's view). */
    private readonly onReport?: (phase: RunPhase, detail: string, step?: ProgressStep) => void,
  ) {}

  /** A phase change is logged and posted; a prompt step (`step`) is only shown to the operator. */
  report(phase: RunPhase, detail: string, step?: ProgressStep): void {
    this.onReport?.(phase, detail, step);
    if (step !== undefined) {
      this.log.debug("prompt", { runId: this.runId, phase, detail });
      return;
    }
    this.log.info("phase", { runId: this.runId, phase, detail });
    this.waiting.push({ phase, detail: detail.slice(0, 4096), at: new Date().toISOString() });
    if (this.waiting.length > MAX_WAITING) this.waiting.shift();
    this.inFlight ??= this.drain();
  }

  private async drain(): Promise<void> {
    for (let event = this.waiting.shift(); event !== undefined; event = this.waiting.shift()) {
      try {
        const res = await this.api.progress(this.runId, event);
        if (res.status >= 300)
          this.log.debug("progress refused", { status: res.status, answer: res.text.slice(0, 200) });
      } catch (error) {
        this.log.debug("progress not delivered", { error });
      }
    }
    this.inFlight = null;
  }

  /** Resolves when the events reported so far were sent (or failed). */
  async flush(): Promise<void> {
    while (this.inFlight !== null) await this.inFlight;
  }
}
