import { execFile } from "node:child_process";

export interface ExecResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a CLI; injected into the Docker driver so its flow is tested with a fake docker. */
export type Exec = (args: readonly string[], options?: { timeoutMs?: number }) => Promise<ExecResult>;

export function execCommand(bin: string): Exec {
  return (args, options = {}) =>
    new Promise((resolve) => {
      execFile(
        bin,
        [...args],
        { timeout: options.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024, encoding: "utf8" },
        (error, stdout, stderr) => {
          // A missing binary has a string code (ENOENT): report it as a failed command, not a throw.
          const code = error === null ? 0 : typeof error.code === "number" ? error.code : 127;
          resolve({ code, stdout, stderr: error !== null && stderr === "" ? error.message : stderr });
        },
      );
    });
}
