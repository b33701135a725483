import { execFile } from "node:child_process";

export interface ExecResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the command did not run to its own end: killed at its timeout, or the CLI not started. */
  readonly failure?: "timeout" | "not_started";
}

export interface ExecOptions {
  readonly timeoutMs?: number;
  /** Told the command's stdout as it arrives (it is also in the result). */
  readonly onStdout?: (text: string) => void;
}

/** Runs a CLI; injected into the Docker driver so its flow is tested with a fake docker. */
export type Exec = (args: readonly string[], options?: ExecOptions) => Promise<ExecResult>;

export function execCommand(bin: string): Exec {
  return (args, options = {}) =>
    new Promise((resolve) => {
      const child = execFile(
        bin,
        [...args],
        { timeout: options.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024, encoding: "utf8" },
        (error, stdout, stderr) => {
          if (error === null) return resolve({ code: 0, stdout, stderr });
          const message = stderr === "" ? error.message : stderr;
          // Killed at the timeout, or never started (a missing binary has a string code such as ENOENT): not
          // an answer from the command, so never read as one (a timed-out `docker run` is no crashed image).
          if (error.killed === true)
            return resolve({ code: 124, stdout, stderr: `timed out: ${message}`, failure: "timeout" });
          if (typeof error.code !== "number")
            return resolve({ code: 127, stdout, stderr: message, failure: "not_started" });
          resolve({ code: error.code, stdout, stderr: message });
        },
      );
      const onStdout = options.onStdout;
      if (onStdout !== undefined)
        child.stdout?.on("data", (chunk: Buffer | string) => onStdout(String(chunk)));
    });
}
