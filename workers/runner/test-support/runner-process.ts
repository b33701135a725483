import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

import { digestOf, REFERENCE_COMMAND, REPO_ROOT } from "./reference-runner";

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
  apiUrl: string;
  signedFor: string;
  dir: string;
  once: boolean;
}): RunnerProcess {
  const args = [
    "--import",
    "tsx",
    "workers/runner/main.ts",
    ...["--api-url", o.apiUrl, "--signed-for", o.signedFor, "--dev-uri", "//Validator1"],
    ...["--driver", "process", "--process-command", REFERENCE_COMMAND],
    ...["--baseline-image", `${BASELINE}@${digestOf(BASELINE)}`],
    ...["--gpu-model", "CPU", "--gpu-count", "1", "--gpu-driver", "none", "--context-chars", "2000"],
    ...["--health-poll-ms", "50", "--health-timeout-ms", "5000", "--poll-interval-ms", "200"],
    ...["--spool-dir", path.join(o.dir, "spool"), "--cache-dir", path.join(o.dir, "cache")],
    ...["--report-dir", path.join(o.dir, "reports")],
    ...["--log-level", "warn"],
    ...(o.once ? ["--once"] : []),
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
