import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";

// The explorer as production serves it (scripts/start.ts on a built app, RUN_WORKERS=false: a serving
// instance), in its own process so its RSS and CPU are its own.

export interface Explorer {
  url: string;
  pid: number;
  /** Resident set size of the server process now, in MB. */
  rssMb(): number;
  stop(): Promise<void>;
}

export async function startExplorer(options: {
  port: number;
  distDir: string;
  env: Record<string, string>;
  /** Write a V8 CPU profile of the server into this folder when it stops. */
  profileDir?: string;
}): Promise<Explorer> {
  const profile = options.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.profileDir}`] : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", "scripts/start.ts"], {
    env: {
      ...process.env,
      ...options.env,
      NODE_ENV: "production",
      NEXT_DIST_DIR: options.distDir,
      NEXT_TELEMETRY_DISABLED: "1",
      RUN_WORKERS: "false",
      PORT: String(options.port),
      HOSTNAME: "127.0.0.1",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("explorer did not start in 120 s")), 120_000);
    child.once("exit", (code) => reject(new Error(`explorer exited with ${code} before listening`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (line.includes("explorer listening")) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const pid = child.pid as number;
  return {
    url: `http://127.0.0.1:${options.port}`,
    pid,
    rssMb: () => {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      return match ? Number(match[1]) / 1024 : Number.NaN;
    },
    stop: async () => {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
