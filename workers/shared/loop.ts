import { backoffDelayMs } from "@/lib/backoff";
import { sleep } from "./sleep";

export interface WorkerLoopOptions {
  /** One unit of work; a throw is retried after a back-off. */
  iterate: () => Promise<void>;
  /** At most one iteration per this many ms, however often notify() is called (the debounce). */
  minIntervalMs: number;
  /** With no notification, run anyway after this long (the safety net for a missed NOTIFY). */
  idleMs: number;
  /**
   * The largest share of wall time the iterations may take when notified back to back (default 1: no limit).
   * A 200 ms iteration under a share of 0.25 waits 600 ms before the next, so a stream of notifications
   * (a run posted every few ms) cannot turn an expensive recompute into a busy loop that starves requests.
   */
  maxBusyShare?: number;
  backoff?: { baseMs: number; maxMs: number };
  /** Told about each failure before the back-off sleep; its own failure is swallowed. */
  onError?: (error: unknown, attempt: number, retryInMs: number) => Promise<void> | void;
}

/**
 * The worker loop (after pg-boss's): start(), notify() to wake early, back-off after errors, and an
 * idempotent stop() that aborts any sleep and waits for the iteration in flight, so the database is never
 * closed under a running transaction.
 */
export class WorkerLoop {
  private readonly stopped = new AbortController();
  private wake: AbortController | null = null;
  private dirty = true;
  private lastStartMs = Number.NEGATIVE_INFINITY;
  private lastEndMs = Number.NEGATIVE_INFINITY;
  private running: Promise<void> | null = null;

  constructor(private readonly options: WorkerLoopOptions) {}

  start(): void {
    if (this.stopped.signal.aborted) return;
    this.running ??= this.loop();
  }

  /** Something changed: run again soon (after the debounce), even if an iteration is in flight now. */
  notify(): void {
    this.dirty = true;
    this.wake?.abort();
  }

  stop(): Promise<void> {
    this.stopped.abort();
    this.wake?.abort();
    return this.running ?? Promise.resolve();
  }

  /** When the next iteration may start: after the debounce, and after the busy-share pause. */
  private nextStartMs(): number {
    const share = this.options.maxBusyShare ?? 1;
    const busyMs = this.lastEndMs - this.lastStartMs;
    const pauseMs = share < 1 && busyMs > 0 ? (busyMs * (1 - share)) / share : 0;
    return Math.max(this.lastStartMs + this.options.minIntervalMs, this.lastEndMs + pauseMs);
  }

  private async loop(): Promise<void> {
    const signal = this.stopped.signal;
    let attempt = 0;
    while (!signal.aborted) {
      const waitMs = this.nextStartMs() - Date.now();
      if (waitMs > 0) await sleep(waitMs, signal);
      if (signal.aborted) break;
      this.dirty = false;
      this.lastStartMs = Date.now();
      try {
        await this.options.iterate();
        this.lastEndMs = Date.now();
        attempt = 0;
      } catch (error) {
        attempt += 1;
        const retryInMs = backoffDelayMs(attempt, this.options.backoff);
        await Promise.resolve(this.options.onError?.(error, attempt, retryInMs)).catch(() => undefined);
        // The back-off is not cut short by notify(): a failing database must not be hammered by NOTIFYs.
        await sleep(retryInMs, signal);
        continue;
      }
      if (!this.dirty) await this.idle();
    }
  }

  // One controller per idle spell, aborted by notify() or stop(): no listener piles up on the stop signal.
  private async idle(): Promise<void> {
    if (this.stopped.signal.aborted) return;
    this.wake = new AbortController();
    try {
      await sleep(this.options.idleMs, this.wake.signal);
    } finally {
      this.wake = null;
    }
  }
}
