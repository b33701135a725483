import { ReportStore, type JobReport, type RunnerStatus } from "./job-report";
import { formatElapsed } from "./terminal";

// `runner status`: what the runner on this pod is doing now and how its last jobs ended, read from the report
// folder it writes (so it works from another shell, while the runner runs or after it stopped).

const LAST_JOBS = 10;

/** Whether a process with this id runs (signal 0 only asks). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function outcomeOf(report: JobReport): string {
  if (report.outcome === "failed" && report.failure !== null)
    return `failed: ${report.failure.reason} at ${report.failure.stage}`;
  return `scored ${(report.score * 100).toFixed(1)} %`;
}

export function formatStatus(
  status: RunnerStatus | null,
  reports: readonly { path: string; report: JobReport }[],
  now: Date,
  alive: (pid: number) => boolean,
): string {
  const lines: string[] = [];
  if (status === null) lines.push("runner     no status: the runner has not run with this --report-dir");
  else {
    const seen = formatElapsed(now.getTime() - Date.parse(status.updatedAt));
    if (!alive(status.pid)) lines.push(`runner     not running (pid ${status.pid}, last seen ${seen} ago)`);
    else if (status.job === null)
      lines.push(`runner     idle (pid ${status.pid}); ${status.queue} jobs offered`);
    else {
      const j = status.job;
      const took = formatElapsed(now.getTime() - Date.parse(j.startedAt));
      lines.push(
        `runner     evaluating ${j.image} (submission ${j.submissionId}) for ${took}: ${j.phase}${j.detail === "" ? "" : `, ${j.detail}`}`,
        `queue      ${status.queue} jobs offered`,
      );
    }
    if (status.lastError !== null) lines.push(`last error ${status.lastError}`);
  }
  if (reports.length === 0) lines.push("last jobs  none");
  for (const [i, { path, report }] of reports.entries())
    lines.push(
      `${i === 0 ? "last jobs " : "          "} ${report.finishedAt.slice(0, 19).replace("T", " ")}  ${report.image}  ${outcomeOf(report)}`,
      `            ${path}`,
    );
  return lines.join("\n");
}

export async function status(reportDir: string): Promise<number> {
  const store = new ReportStore(reportDir);
  const [current, reports] = await Promise.all([store.readStatus(), store.latest(LAST_JOBS)]);
  console.log(formatStatus(current, reports, new Date(), processAlive));
  return 0;
}
