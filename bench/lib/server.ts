import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { serverArgs } from "../../server/server-entry";

// The explorer as production serves it (the server bundle of a build, server/server-entry.ts), in its own process so its RSS and CPU
// are its own: a serving instance (RUN_WORKERS=false) for the bench rows, or with its workers for the load run.

export interface Explorer {
  url: string;
  pid: number;
  /** Resident set size of the server process now, in MB. */
  rssMb(): number;
  /** The tail of the server's stderr (with `stderr: "capture"`; empty otherwise). */
  stderr(): string;
  /** SIGTERM, then SIGKILL after 10 s; the exit code (null when killed by a signal). Idempotent. */
  stop(): Promise<number | null>;
}

export async function startExplorer(options: {
  port: number;
  distDir: string;
  /** The database (DATABASE_URL or PGLITE_DATA_DIR) and any other settings; nothing is inherited for these. */
  env: Record<string, string>;
  /** Run the background workers in the server too (default false: a serving instance). */
  workers?: boolean;
  /** "inherit" (default) shows the server's warnings and errors; "capture" keeps their tail for a report. */
  stderr?: "inherit" | "capture";
  /** Write a V8 CPU profile of the server into this folder when it stops. */
  profileDir?: string;
}): Promise<Explorer> {
  const profile = options.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.profileDir}`] : [];
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  delete inherited.DATABASE_URL;
  delete inherited.PGLITE_DATA_DIR;
  const capture = options.stderr === "capture";
  const child = spawn(process.execPath, [...profile, ...serverArgs(options.distDir)], {
    env: {
      ...inherited,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      // No chain here: a closed local port, so the chain worker (when it runs) retries with back-off.
      CHAIN_ENDPOINT: "ws://127.0.0.1:9",
      LOG_LEVEL: "info",
      ...options.env,
      NEXT_DIST_DIR: options.distDir,
      RUN_WORKERS: options.workers ? "true" : "false",
      PORT: String(options.port),
      HOSTNAME: "127.0.0.1",
    },
    stdio: ["ignore", "ignore", capture ? "pipe" : "inherit"],
  });
  let stderr = "";
  child.stderr?.on("data", (b: Buffer) => {
    // Only the tail matters for a report; a flood of errors must not grow without bound.
    stderr = (stderr + b.toString()).slice(-200_000);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${options.port}`;
  // Ready when the liveness route answers (it needs no database; the server opens and migrates it first).
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`explorer exited with ${child.exitCode} before listening\n${stderr}`);
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`explorer did not answer ${url}/api/health within 120 s\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const pid = child.pid as number;
  return {
    url,
    pid,
    rssMb: () => {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      return match ? Number(match[1]) / 1024 : Number.NaN;
    },
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      const code = await exited;
      clearTimeout(killer);
      return code;
    },
  };
}
