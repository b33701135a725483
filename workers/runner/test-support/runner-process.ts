import { execFile, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

import { explorerFlags, referenceRunnerFlags, REPO_ROOT } from "./reference-runner";
import type { TestExplorer } from "./test-explorer";

// Test support: the runner as validators start it (workers/runner/main.ts, process driver, the reference
// server standing in for every image), and a hard kill of it together with the servers it started, as when
// its pod dies.

const BASELINE = "local/reference:normal_t20_r5000";

export interface RunnerProcess {
  readonly child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  stderr(): string;
  /** SIGKILL, the runner and the inference servers it started (each in its own process group). */
  kill(): Promise<void>;
}

export function startRunnerProcess(o: {
  explorer: Pick<TestExplorer, "url" | "signedFor">;
  dir: string;
  once: boolean;
  /** More flags, after the others (a later flag wins). */
  extra?: readonly string[];
}): RunnerProcess {
  const args = [
    ...["--import", "tsx", "workers/runner/main.ts", ...explorerFlags(o.explorer)],
    ...referenceRunnerFlags(BASELINE, path.join(o.dir, "cache")),
    ...["--health-timeout-ms", "5000", "--poll-interval-ms", "200"],
    ...["--spool-dir", path.join(o.dir, "spool"), "--log-level", "warn"],
    ...(o.once ? ["--once"] : []),
    ...(o.extra ?? []),
  ];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    exited,
    stderr: () => stderr,
    kill: async () => {
      const pid = child.pid as number;
      // The process driver starts each server detached (its own group): find them before the runner dies
      // and they are handed to init.
      let servers: number[] = [];
      try {
        servers = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
          .trim()
          .split(/\s+/)
          .filter(Boolean)
          .map(Number);
      } catch {
        // already gone
      }
      child.kill("SIGKILL");
      for (const server of servers) {
        try {
          process.kill(-server, "SIGKILL");
        } catch {
          // exited by itself
        }
      }
      await exited;
    },
  };
}

/** Runs workers/runner/main.ts with `args` to its end: a one-shot command (evaluate, reproduce, status). */
export function runCommand(args: readonly string[]): Promise<{ code: number; stdout: string }> {
  const argv = ["--import", "tsx", "workers/runner/main.ts", ...args];
  return new Promise((resolve) => {
    execFile(process.execPath, argv, { cwd: REPO_ROOT }, (error, stdout) =>
      resolve({ code: error === null ? 0 : Number(error.code), stdout }),
    );
  });
}
