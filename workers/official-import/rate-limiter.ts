import { sleep } from "../shared/sleep";

/**
 * One budget for every request the importer makes (the official API allows 60 a minute per IP): at most
 * `limit` request starts in any sliding `windowMs`, and none at all while paused after a 429 or 503.
 */
export class RateLimiter {
  private starts: number[] = [];
  private pausedUntilMs = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Resolves when a request may start (false when `signal` aborted first). */
  async acquire(signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal?.aborted) return false;
      const now = Date.now();
      this.starts = this.starts.filter((t) => t > now - this.windowMs);
      const oldest = this.starts[0];
      const windowWaitMs =
        this.starts.length >= this.limit && oldest !== undefined ? oldest + this.windowMs - now : 0;
      const waitMs = Math.max(this.pausedUntilMs - now, windowWaitMs);
      if (waitMs <= 0) {
        this.starts.push(now);
        return true;
      }
      await sleep(waitMs, signal);
    }
  }

  /** No request starts for `ms` (the server said so, or it is down). */
  pause(ms: number): void {
    this.pausedUntilMs = Math.max(this.pausedUntilMs, Date.now() + ms);
  }

  pausedUntil(): Date | null {
    return this.pausedUntilMs > Date.now() ? new Date(this.pausedUntilMs) : null;
  }

  startsInWindow(): number {
    const now = Date.now();
    return this.starts.filter((t) => t > now - this.windowMs).length;
  }
}
