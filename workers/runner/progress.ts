import type { Logger } from "@/lib/log";
import type { PromptOf } from "./engine/passes";
import type { ProgressEvent, RunPhase } from "@/lib/protocol/run-schema";

import type { ApiClient } from "./api-client";

/** At most this many events wait; past it the oldest waiting one is dropped (the API is slow or down). */
const MAX_WAITING = 16;

/**
 * Progress events are advisory: they are posted one at a time, in order, off the benchmark's path, and the
 * queue is bounded so an outage never piles up requests or memory.
 */
export class ProgressReporter {
  private inFlight: Promise<void> | null = null;
  private readonly waiting: ProgressEvent[] = [];

  constructor(
    private readonly api: ApiClient,
    private readonly runId: string,
    private readonly log: Logger,
    /** Told every event, prompt steps included (the operator's view). */
    private readonly onReport?: (phase: RunPhase, detail: string, prompt?: PromptOf) => void,
  ) {}

  /** Every event is posted (a later prompt superseding one still waiting) and told to the operator's view. */
  report(phase: RunPhase, detail: string, prompt?: PromptOf): void {
    this.onReport?.(phase, detail, prompt);
    // Each prompt is posted, but only the phase itself is worth a log line.
    if (prompt === undefined) this.log.info("phase", { runId: this.runId, phase, detail });
    const event: ProgressEvent = {
      phase,
      detail: detail.slice(0, 4096),
      at: new Date().toISOString(),
      ...(prompt ? { promptIndex: prompt.index, promptCount: prompt.count } : {}),
    };
    // A later prompt of the same phase supersedes one still waiting: only where the runner is now matters, and
    // prompts coming faster than the API answers must not push the phases themselves out of the queue.
    const last = this.waiting.at(-1);
    if (prompt && last?.promptIndex !== undefined && last.phase === phase && last.detail === event.detail)
      this.waiting[this.waiting.length - 1] = event;
    else this.waiting.push(event);
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
