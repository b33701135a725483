import { execFileSync } from "node:child_process";
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
