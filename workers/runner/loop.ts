import { randomUUID } from "node:crypto";

import { backoffDelayMs } from "@/lib/backoff";
import { EvalAborted } from "@/workers/runner/engine/failure";
import type { Logger } from "@/lib/log";
import type { RunV1 } from "@/lib/protocol/run-schema";
import { sleep } from "@/workers/shared/sleep";

import { ApiUnreachable, type ApiClient } from "./api-client";
import { Delivery } from "./delivery";
import type { JobEvaluator } from "./evaluate-job";
import { JobBackoff } from "./job-backoff";
import type { Job } from "./jobs";
import type { JobWatcher } from "./operator-view";
import { ProgressReporter } from "./progress";
import { submissionKey, type Spool } from "./spool";

export interface RunnerOptions {
  readonly api: ApiClient;
  readonly spool: Spool;
  /** Default: the spool delivered through `api` with the default back-off. */
  readonly delivery?: Delivery;
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
  /**
   * Queued jobs measured one after another before one baseline session verifies them all (default 1): each
   * baseline start saved costs the later jobs' runs that much delay.
   */
  readonly verifyBatch?: number;
  /** The operator's view: the status file, each job's report, the terminal's status line. */
  readonly watcher?: JobWatcher;
}

/** The outcome of a job this runner refused to evaluate (its setup differs from the protocol's). */
const REFUSED = "refused";

/** A leased job: what its end (run delivered, or abandoned) must release. */
interface Claimed {
  readonly job: Job;
  readonly runId: string;
  readonly log: Logger;
  readonly progress: ProgressReporter;
  readonly release: () => void;
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

  private readonly delivery: Delivery;

  constructor(private readonly o: RunnerOptions) {
    this.delivery = o.delivery ?? new Delivery(o.spool, o.api, o.log);
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
    await this.delivery.deliverPending(true);
    const jobs = await this.listJobs();
    for (let i = 0; i < jobs.length && !this.abort.signal.aborted; i += this.batchSize())
      await this.processJobs(jobs.slice(i, i + this.batchSize()));
    return { remaining: (await this.delivery.deliverPending(true)).remaining };
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
    const { log } = this.o;
    const { delivery } = this;
    await this.o.spool.init();
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        await delivery.deliverPending();
        // A job that keeps failing on this pod waits out its own back-off; the jobs after it go on.
        const jobs = await this.listJobs();
        this.failures = 0;
        let evaluated = 0;
        for (let i = 0; i < jobs.length; i += this.batchSize()) {
          if (signal.aborted) break;
          const batch = jobs.slice(i, i + this.batchSize());
          const outcomes = await this.processJobs(batch);
          evaluated += outcomes.filter((o) => o !== null).length;
          batch.forEach((job, k) => {
            const outcome = outcomes[k] ?? null;
            if (outcome === null) return;
            if (outcome === REFUSED) return void this.retries.failed(job.submissionId);
            if (outcome !== "runner_error") return this.retries.succeeded(job.submissionId);
            const retryInMs = this.retries.failed(job.submissionId);
            log.warn("job ended in runner_error; it waits before it is tried again", {
              submissionId: job.submissionId,
              retryInMs,
            });
          });
          if (!outcomes.includes("runner_error") && !outcomes.includes(REFUSED)) {
            if (outcomes.some((o) => o !== null)) this.runnerErrors = 0;
            continue;
          }
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
        this.o.watcher?.failed(this.lastError);
        const wait = backoffDelayMs(this.failures, { baseMs: 2_000, maxMs: 120_000 });
        if (error instanceof ApiUnreachable)
          log.warn("the API is unreachable", { error: this.lastError, retryInMs: wait });
        else log.error("runner loop error", { error, retryInMs: wait });
        await sleep(wait, signal);
      }
    }
    log.info("runner stopped");
  }

  /** The jobs offered now, less those waiting out their back-off. */
  private async listJobs(): Promise<Job[]> {
    const jobs = (await this.o.api.listJobs()).filter((job) => !this.retries.waiting(job.submissionId));
    this.o.watcher?.listed(jobs.length);
    return jobs;
  }

  private batchSize(): number {
    return Math.max(1, this.o.verifyBatch ?? 1);
  }

  /**
   * Leases and measures each job in turn, verifies them in one baseline session, then spools and delivers
   * their runs. Per job: the run's failure reason ("scored" when it scored), REFUSED when this runner must
   * not evaluate it, or null when no run was made.
   */
  private async processJobs(jobs: readonly Job[]): Promise<(string | null)[]> {
    const { evaluator } = this.o;
    const claimed: Claimed[] = [];
    const outcomes = new Map<Job, string | null>();
    try {
      const measured = [];
      for (const job of jobs) {
        if (this.abort.signal.aborted) break;
        // Refused before the lease: another validator may evaluate it meanwhile, and nothing is posted.
        const refusal = evaluator.refusal(job);
        if (refusal.length > 0) {
          this.lastError = `this runner's setup differs from the protocol's: ${refusal.join("; ")}`;
          this.o.watcher?.failed(this.lastError);
          this.o.log.error("job refused: nothing is posted until this runner's setup is the protocol's", {
            submissionId: job.submissionId,
            differences: refusal,
          });
          outcomes.set(job, REFUSED);
          continue;
        }
        const c = await this.claim(job);
        if (c === null) continue;
        claimed.push(c);
        c.log.info("job leased", { seedBlock: job.seed.block });
        this.o.watcher?.started(job, c.runId);
        measured.push(
          await evaluator.measure(job, c.runId, this.abort.signal, (p, d, k) => c.progress.report(p, d, k)),
        );
      }
      const runs = await evaluator.conclude(measured, this.abort.signal);
      for (const [i, run] of runs.entries()) {
        const c = claimed[i] as Claimed;
        outcomes.set(c.job, await this.deliver(c, run, measured[i]?.containerLog ?? ""));
      }
    } catch (error) {
      if (!(error instanceof EvalAborted)) throw error;
      for (const c of claimed)
        if (!outcomes.has(c.job))
          c.log.warn(
            "job abandoned: the runner is stopping (the container was removed; the lease will lapse)",
          );
    } finally {
      for (const c of claimed) {
        c.release();
        await c.progress.flush();
      }
    }
    return jobs.map((j) => outcomes.get(j) ?? null);
  }

  /** Leases a job and keeps the lease renewed until released; null when it is skipped. */
  private async claim(job: Job): Promise<Claimed | null> {
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
    const release = () => {
      finished = true;
      clearTimeout(renewal);
    };
    const progress = new ProgressReporter(api, runId, jobLog, (phase, detail, step) =>
      this.o.watcher?.progress(runId, phase, detail, step),
    );
    return { job, runId, log: jobLog, progress, release };
  }

  /** Spools and delivers a finished run; its failure reason, or "scored". */
  private async deliver(c: Claimed, run: RunV1, containerLog: string): Promise<string> {
    c.progress.report(
      "uploading",
      run.outcome === "scored" ? `score ${run.summary.score}` : `failed: ${run.failure.reason}`,
    );
    await this.o.spool.add(c.runId, Buffer.from(JSON.stringify(run)));
    this.lastRunAt = new Date();
    c.log.info("run finished", {
      outcome: run.outcome,
      reason: run.outcome === "failed" ? run.failure.reason : null,
      score: run.summary.score,
    });
    await this.o.watcher?.finished(c.job, run, containerLog);
    await c.progress.flush();
    await this.delivery.deliverPending(true);
    return run.outcome === "failed" ? run.failure.reason : "scored";
  }
}
