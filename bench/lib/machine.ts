import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";

/** What a figure was measured on: CPUs, load average now, memory, Node and the commit. */
export function machine(): Record<string, string> {
  const git = (args: string[]) => {
    try {
      return execFileSync("git", args, { encoding: "utf8" }).trim();
    } catch {
      return "unknown";
    }
  };
  return {
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? "unknown"}`,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    commit: `${git(["rev-parse", "--short", "HEAD"])}${git(["status", "--porcelain"]) ? " (with local changes)" : ""}`,
  };
}

/** The 1-minute load average, recorded with every row (the machine is shared). */
export const load1 = (): number => Number((loadavg()[0] ?? 0).toFixed(2));

/**
 * CPU seconds (user + system) a process has used, from /proc (Linux); with `thread`, only that thread's (the
 * main thread's id is the process id).
 */
export function cpuSeconds(pid: number, thread?: number): number {
  const file = thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`;
  const fields = readFileSync(file, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
