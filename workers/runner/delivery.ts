import { backoffDelayMs } from "@/lib/backoff";
import type { Logger } from "@/lib/log";

import { ApiUnreachable, clockOffsetProblem, type ApiClient } from "./api-client";
import type { Spool } from "./spool";

// Delivers spooled runs. Posting is idempotent by runId (201 stored, 200 already stored with the same body),
// so a run whose answer was lost is simply posted again. 5xx, 408, 429, a stale signature and no answer are
// transient: the run stays and is retried with back-off. Any other 4xx (409 a different body under this runId, 400 invalid,
// 401/403 signature or permit) will not change by retrying: the run moves to rejected/ and is logged loudly.

export interface DeliveryResult {
  readonly delivered: number;
  readonly rejected: number;
  readonly remaining: number;
}

/** The `error.code` of an API refusal, or null. */
function errorCode(text: string): string | null {
  try {
    const code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code;
    return typeof code === "string" ? code : null;
  } catch {
    return null;
  }
}

// A 401 stale_timestamp is transient too: the request was signed just before it was sent, but an overloaded
// explorer kept it queued past the ±8 s window (seen under load, bench/load/). Every attempt is signed anew,
// so a retry passes once the explorer keeps up; moving the run to rejected/ would lose a finished run.
const transient = (status: number, text: string) =>
  status >= 500 ||
  status === 408 ||
  status === 429 ||
  (status === 401 && errorCode(text) === "stale_timestamp");

export class Delivery {
  private attempts = 0;
  private nextAttemptAt = 0;

  constructor(
    private readonly spool: Spool,
    private readonly api: ApiClient,
    private readonly log: Logger,
    private readonly backoff: { baseMs: number; maxMs: number } = { baseMs: 2_000, maxMs: 300_000 },
  ) {}

  /** Milliseconds until the next attempt is due (0 when due now). */
  waitMs(now = Date.now()): number {
    return Math.max(0, this.nextAttemptAt - now);
  }

  /**
   * Tries every pending run, oldest first, unless backing off (`force` ignores the back-off, e.g. right
   * after a run finished). Stops at the first transient failure: the API is down for all of them alike.
   */
  async deliverPending(force = false): Promise<DeliveryResult> {
    let delivered = 0;
    let rejected = 0;
    const pending = await this.spool.pending();
    if (!force && this.waitMs() > 0) return { delivered, rejected, remaining: pending.length };
    for (const [i, runId] of pending.entries()) {
      const body = await this.spool.read(runId);
      let status: number;
      let text: string;
      let retryAfterMs: number | null = null;
      let clockOffsetMs: number | null = null;
      try {
        ({ status, text, retryAfterMs, clockOffsetMs } = await this.api.postRun(body));
      } catch (error) {
        if (!(error instanceof ApiUnreachable)) throw error;
        status = 0;
        text = error.message;
      }
      if (status === 200 || status === 201) {
        await this.spool.remove(runId);
        delivered++;
        this.attempts = 0;
        this.nextAttemptAt = 0;
        this.log.info("run delivered", { runId, status });
        continue;
      }
      if (status === 0 || transient(status, text)) {
        this.attempts++;
        const delay = Math.max(retryAfterMs ?? 0, backoffDelayMs(this.attempts, this.backoff));
        this.nextAttemptAt = Date.now() + delay;
        const clock = clockOffsetProblem({ status, text, clockOffsetMs });
        this.log.warn(
          clock === null
            ? "run kept in the spool; the API is unavailable"
            : `run kept in the spool: ${clock}`,
          {
            runId,
            status,
            answer: text.slice(0, 300),
            retryInMs: delay,
            pending: pending.length - i,
          },
        );
        return { delivered, rejected, remaining: pending.length - i };
      }
      const where = await this.spool.reject(runId, `HTTP ${status}: ${text}`);
      rejected++;
      this.log.error("RUN REJECTED by the API: it will not be retried", {
        runId,
        status,
        answer: text.slice(0, 2000),
        keptAt: where,
      });
    }
    return { delivered, rejected, remaining: 0 };
  }
}
