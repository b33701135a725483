import { randomUUID } from "node:crypto";
import { mkdir, open, readdir, readFile, rename } from "node:fs/promises";
import path from "node:path";

import { z } from "zod";

import type { RunV1 } from "@/lib/protocol/run-schema";

// What an operator keeps of each job, on disk in the report folder: one folder a job with report.json (the
// outcome, medians beside the baseline's, the failure) and container.log (the submission's whole log), and
// status.json (what the runner is doing now), which `runner status` reads.

export const REPORT_FILE = "report.json";
export const LOG_FILE = "container.log";
const STATUS_FILE = "status.json";

const reportSchema = z.object({
  schema: z.literal("cacheon.runner.report.v1"),
  runId: z.string(),
  submissionId: z.string(),
  image: z.string(),
  digest: z.string(),
  seed: z.object({ block: z.number(), blockHash: z.string(), corpusSha256: z.string().optional() }),
  startedAt: z.string(),
  finishedAt: z.string(),
  outcome: z.enum(["scored", "failed"]),
  failure: z.object({ reason: z.string(), message: z.string(), stage: z.string() }).nullable(),
  medians: z.object({ ttftMs: z.number(), throughputTps: z.number() }),
  baseline: z.object({ image: z.string(), medianTtftMs: z.number(), medianThroughputTps: z.number() }),
  correctness: z.object({ passed: z.boolean(), promptsPassed: z.number(), prompts: z.number() }),
  score: z.number(),
});
export type JobReport = z.infer<typeof reportSchema>;

const statusSchema = z.object({
  pid: z.number().int(),
  updatedAt: z.string(),
  /** Jobs the explorer offered at the last fetch. */
  queue: z.number().int().nonnegative(),
  job: z
    .object({
      runId: z.string(),
      submissionId: z.string(),
      image: z.string(),
      startedAt: z.string(),
      phase: z.string(),
      detail: z.string(),
    })
    .nullable(),
  lastError: z.string().nullable(),
});
export type RunnerStatus = z.infer<typeof statusSchema>;

export function reportOf(run: RunV1, submissionId: string): JobReport {
  return {
    schema: "cacheon.runner.report.v1",
    runId: run.runId,
    submissionId,
    image: run.submission.image,
    digest: run.submission.digest,
    seed: run.seed,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    outcome: run.outcome,
    failure:
      run.outcome === "failed"
        ? { reason: run.failure.reason, message: run.failure.message, stage: run.failure.stage }
        : null,
    medians: { ttftMs: run.summary.medianTtftMs, throughputTps: run.summary.medianThroughputTps },
    baseline: {
      image: run.baseline.image,
      medianTtftMs: run.baseline.medianTtftMs,
      medianThroughputTps: run.baseline.medianThroughputTps,
    },
    correctness: {
      passed: run.summary.correctnessPassed,
      promptsPassed: run.prompts.filter((p) => p.passed).length,
      prompts: run.prompts.length,
    },
    score: run.summary.score,
  };
}

/** Write-then-rename with fsync: a reader (or a crash) sees the old file or the new one, never half. */
async function writeAtomic(file: string, content: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`);
  const handle = await open(tmp, "w");
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
}

export class ReportStore {
  constructor(readonly dir: string) {}

  /** Writes a job's report and its container's log; the report's path. */
  async write(report: JobReport, containerLog: string): Promise<string> {
    // Named by start time first, so a listing sorts by time.
    const folder = path.join(this.dir, `${report.startedAt.replace(/[:.]/g, "-")}_${report.runId}`);
    await mkdir(folder, { recursive: true });
    await writeAtomic(path.join(folder, LOG_FILE), containerLog);
    const file = path.join(folder, REPORT_FILE);
    await writeAtomic(file, `${JSON.stringify(report, null, 2)}\n`);
    return file;
  }

  /** The latest reports, newest first, with their paths; unreadable ones are skipped. */
  async latest(limit: number): Promise<{ path: string; report: JobReport }[]> {
    const folders = (await readdir(this.dir, { withFileTypes: true }).catch(() => []))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort()
      .reverse();
    const found: { path: string; report: JobReport }[] = [];
    for (const folder of folders) {
      if (found.length >= limit) break;
      const file = path.join(this.dir, folder, REPORT_FILE);
      const parsed = reportSchema.safeParse(
        await readFile(file, "utf8")
          .then(JSON.parse, () => null)
          .catch(() => null),
      );
      if (parsed.success) found.push({ path: file, report: parsed.data });
    }
    return found;
  }

  async writeStatus(status: RunnerStatus): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeAtomic(path.join(this.dir, STATUS_FILE), JSON.stringify(status));
  }

  async readStatus(): Promise<RunnerStatus | null> {
    const text = await readFile(path.join(this.dir, STATUS_FILE), "utf8").catch(() => null);
    if (text === null) return null;
    try {
      const parsed = statusSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }
}
