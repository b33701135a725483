import { randomUUID } from "node:crypto";

import { backoffDelayMs } from "@/lib/backoff";
import { EvalAborted } from "@/lib/eval/failure";
import type { Logger } from "@/lib/log";
import { sleep } from "@/workers/shared/sleep";

import { ApiUnreachable, type ApiClient } from "./api-client";
import type { Delivery } from "./delivery";
import type { JobEvaluator } from "./evaluate-job";
import { JobBackoff } from "./job-backoff";
import type { Job } from "./jobs";
import { ProgressReporter } from "./progress";
import { submissionKey, type Spool } from "./spool";

export interface RunnerOptions {
  readonly api: ApiClient;
  readonly spool: Spool;
  readonly delivery: Delivery;
  readonly evaluator: JobEvaluator;
  readonly log: Logger;
  /** Wait between job fetches when there is nothing to do. */
  readonly pollIntervalMs: number;
  /** Lease renewal period when the API does not say when the lease expires. */
  readonly leaseRenewMs?: number;
  /** How long a job that ended in runner_error waits before it is tried again (default 10 min to 6 h). */
  readonly jobRetry?: { readonly baseMs: number; readonly maxMs: number };
  /** The whole loop's pause after a runner_error (default 30 s to 30 min). */
  readonly runnerErrorPause?: { readonly baseMs: number; readonly maxMs: number };
}

/** The job loop: deliver the spool, fetch jobs, lease, evaluate, spool and deliver; stop() is graceful. */
export class Runner {
  private readonly abort = new AbortController();
  private running: Promise<void> | null = null;
  private failures = 0;
  private runnerErrors = 0;
  private readonly retries: JobBackoff;
  /** Health fields for an operator's status line. */
  lastError: string | null = null;
  lastRunAt: Date | null = null;

  constructor(private readonly o: RunnerOptions) {
    this.retries = new JobBackoff(o.jobRetry ?? { baseMs: 10 * 60_000, maxMs: 6 * 60 * 60_000 });
  }

  /** Processes the jobs available now, tries to deliver the spool, and returns (`--once`). */
  runOnce(): Promise<{ remaining: number }> {
    const once = this.once();
    // stop() waits on this too, so Ctrl-C during --once still removes the container before the exit.
    this.running = once.then(
      () => undefined,
      () => undefined,
    );
    return once;
  }

  private async once(): Promise<{ remaining: number }> {
    await this.o.spool.init();
    await this.o.delivery.deliverPending(true);
    for (const job of await this.o.api.listJobs()) {
      if (this.abort.signal.aborted) break;
      if (this.retries.waiting(job.submissionId)) continue;
      await this.processJob(job);
    }
    return { remaining: (await this.o.delivery.deliverPending(true)).remaining };
  }

  start(): Promise<void> {
    this.running ??= this.loop();
    return this.running;
  }

  /** Abandons the current job (its container is removed) and waits for the loop to end; idempotent. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private async loop(): Promise<void> {
    const { log, delivery } = this.o;
    await this.o.spool.init();
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        await delivery.deliverPending();
        const jobs = await this.o.api.listJobs();
        this.failures = 0;
        let evaluated = 0;
        for (const job of jobs) {
          if (signal.aborted) break;
          // A job that keeps failing on this pod waits on its own; the jobs after it go on.
          if (this.retries.waiting(job.submissionId)) continue;
          const outcome = await this.processJob(job);
          if (outcome !== null) evaluated++;
          if (outcome !== "runner_error") {
            if (outcome !== null) {
              this.runnerErrors = 0;
              this.retries.succeeded(job.submissionId);
            }
            continue;
          }
          const retryInMs = this.retries.failed(job.submissionId);
          log.warn("job ended in runner_error; it waits before it is tried again", {
            submissionId: job.submissionId,
            retryInMs,
          });
          // And the loop pauses: a broken Docker daemon or baseline must not become a stream of runner_error
          // runs, one per job.
          this.runnerErrors++;
          const pause = this.o.runnerErrorPause ?? { baseMs: 30_000, maxMs: 30 * 60_000 };
          await sleep(backoffDelayMs(this.runnerErrors, pause), signal);
          break;
        }
        // Nothing evaluated (no job, or every job skipped: leased elsewhere, spooled): wait before asking again.
        if (evaluated === 0)
          await sleep(Math.min(this.o.pollIntervalMs, delivery.waitMs() || Infinity), signal);
      } catch (error) {
        this.failures++;
        this.lastError = error instanceof Error ? error.message : String(error);
        const wait = backoffDelayMs(this.failures, { baseMs: 2_000, maxMs: 120_000 });
        if (error instanceof ApiUnreachable)
          log.warn("the API is unreachable", { error: this.lastError, retryInMs: wait });
        else log.error("runner loop error", { error, retryInMs: wait });
        await sleep(wait, signal);
      }
    }
    log.info("runner stopped");
  }

  /** The run's failure reason ("scored" when it scored), or null when no run was made. */
  private async processJob(job: Job): Promise<string | null> {
    const { api, log } = this.o;
    const runId = randomUUID();
    const jobLog = log.child({ runId, submissionId: job.submissionId, image: job.submission.image });
    // Its run is waiting in the spool (the API refused to store it for now): evaluating again would waste a
    // GPU hour and post a second run.
    if (
      (await this.o.spool.pendingSubmissions()).has(
        submissionKey(job.submission.hotkey, job.submission.digest),
      )
    ) {
      jobLog.info("job skipped: its run awaits delivery in the spool");
      return null;
    }
    const lease = await api.lease(job.submissionId);
    if (!lease.ok) {
      jobLog.warn("job not leased, skipped", { status: lease.status, answer: lease.message });
      return null;
    }
    const renewEvery = (expiresAt: Date | null) =>
      expiresAt === null
        ? (this.o.leaseRenewMs ?? 60_000)
        : Math.max(1_000, (expiresAt.getTime() - Date.now()) / 2);
    let renewal: NodeJS.Timeout | undefined;
    let finished = false;
    const renew = (delay: number) => {
      // A renewal answered after the job ended must not arm another timer.
      if (finished) return;
      renewal = setTimeout(() => {
        api.lease(job.submissionId).then(
          (r) => {
            if (!r.ok) jobLog.warn("lease renewal refused", { status: r.status, answer: r.message });
            renew(renewEvery(r.ok ? r.expiresAt : null));
          },
          (error: unknown) => {
            jobLog.warn("lease renewal failed", { error });
            renew(renewEvery(null));
          },
        );
      }, delay);
    };
    renew(renewEvery(lease.expiresAt));
    const progress = new ProgressReporter(api, runId, jobLog);
    try {
      jobLog.info("job leased", { seedBlock: job.seed.block });
      const run = await this.o.evaluator.evaluate(job, runId, this.abort.signal, (p, d) =>
        progress.report(p, d),
      );
      progress.report(
        "uploading",
        run.outcome === "scored" ? `score ${run.summary.score}` : `failed: ${run.failure.reason}`,
      );
      await this.o.spool.add(runId, Buffer.from(JSON.stringify(run)));
      this.lastRunAt = new Date();
      jobLog.info("run finished", {
        outcome: run.outcome,
        reason: run.outcome === "failed" ? run.failure.reason : null,
        score: run.summary.score,
      });
      await progress.flush();
      await this.o.delivery.deliverPending(true);
      return run.outcome === "failed" ? run.failure.reason : "scored";
    } catch (error) {
      if (!(error instanceof EvalAborted)) throw error;
      jobLog.warn("job abandoned: the runner is stopping (the container was removed; the lease will lapse)");
      return null;
    } finally {
      finished = true;
      clearTimeout(renewal);
      await progress.flush();
    }
  }
}
