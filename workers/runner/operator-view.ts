import type { PromptOf } from "@/workers/runner/engine/passes";
import type { Logger } from "@/lib/log";
import type { RunPhase, RunV1 } from "@/lib/protocol/run-schema";

import { reportOf, type ReportStore, type RunnerStatus } from "./job-report";
import type { Job } from "./jobs";
import type { StatusLine } from "./terminal";

// What the loop tells its operator: the status file `runner status` reads, each job's report on disk (its
// path printed when the job ends), and in a terminal the status line.

export interface JobWatcher {
  listed(queue: number): void;
  started(job: Job, runId: string): void;
  progress(runId: string, phase: RunPhase, detail: string, prompt?: PromptOf): void;
  /** Writes the job's report; its path, or null when none was written. */
  finished(job: Job, run: RunV1, containerLog: string): Promise<string | null>;
  failed(message: string): void;
}

const percent = (fraction: number) => `${(fraction * 100).toFixed(1)} %`;

/** The line a finished job leaves: its run's outcome. */
export function outcomeLine(run: RunV1): string {
  const image = `${run.submission.image}`;
  if (run.outcome === "failed") return `${image}: failed, ${run.failure.reason} at ${run.failure.stage}`;
  const s = run.summary;
  return (
    `${image}: scored ${percent(s.score)} (TTFT ${s.medianTtftMs.toFixed(0)} ms vs ` +
    `${run.baseline.medianTtftMs.toFixed(0)} ms, ${s.medianThroughputTps.toFixed(0)} vs ` +
    `${run.baseline.medianThroughputTps.toFixed(0)} tok/s)`
  );
}

export class OperatorView implements JobWatcher {
  private status: RunnerStatus;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly o: {
      readonly reports: ReportStore;
      readonly log: Logger;
      /** The terminal's status line; null without a terminal. */
      readonly line: StatusLine | null;
      readonly pid?: number;
      readonly now?: () => Date;
    },
  ) {
    this.status = { pid: o.pid ?? process.pid, updatedAt: this.now(), queue: 0, job: null, lastError: null };
    this.save();
  }

  private now(): string {
    return (this.o.now?.() ?? new Date()).toISOString();
  }

  /** In order, one at a time; a status that cannot be written is not worth stopping a job for. */
  private save(): void {
    const snapshot = { ...this.status, updatedAt: this.now() };
    this.writes = this.writes
      .then(() => this.o.reports.writeStatus(snapshot))
      .catch((error: unknown) => this.o.log.debug("status not written", { error }));
  }

  /** Resolves once every status write so far has ended. */
  async flush(): Promise<void> {
    await this.writes;
  }

  listed(queue: number): void {
    this.status = { ...this.status, queue };
    this.save();
  }

  started(job: Job, runId: string): void {
    this.status = {
      ...this.status,
      job: {
        runId,
        submissionId: job.submissionId,
        image: job.submission.image,
        startedAt: this.now(),
        phase: "leased",
        detail: "",
      },
    };
    this.o.line?.start(`${job.submission.image} (submission ${job.submissionId})`);
    this.save();
  }

  progress(runId: string, phase: RunPhase, detail: string, prompt?: PromptOf): void {
    const job = this.status.job;
    const shown = prompt === undefined ? detail : `${detail}, prompt ${prompt.index} of ${prompt.count}`;
    if (job?.runId === runId) this.status = { ...this.status, job: { ...job, phase, detail: shown } };
    this.o.line?.update(phase, detail, prompt);
    this.save();
  }

  async finished(job: Job, run: RunV1, containerLog: string): Promise<string | null> {
    let file: string | null = null;
    try {
      file = await this.o.reports.write(reportOf(run, job.submissionId), containerLog);
      this.o.log.info("job report written", { runId: run.runId, report: file });
    } catch (error) {
      this.o.log.error("the job report could not be written", { runId: run.runId, error });
    }
    if (this.status.job?.runId === run.runId) this.status = { ...this.status, job: null };
    this.o.line?.end(`${outcomeLine(run)}${file === null ? "" : `  report: ${file}`}`);
    this.save();
    return file;
  }

  failed(message: string): void {
    this.status = { ...this.status, lastError: message };
    this.save();
  }
}
