// The explorer under load: the production build served by scripts/start.ts (as `npm start` serves it), with
// its workers, on the database the caller prepared.
import { spawn, type ChildProcess } from "node:child_process";

export interface ServerOptions {
  readonly port: number;
  /** The build to serve (`next build`'s distDir): `.next` in CI, `.next-builds/<name>` beside it. */
  readonly distDir: string;
  readonly signedFor: string;
  readonly pgliteDataDir?: string;
  readonly databaseUrl?: string;
  /** Writes a V8 CPU profile of the server here when it exits (to see where a write's time goes). */
  readonly profileDir?: string;
}

export interface RunningServer {
  readonly url: string;
  /** The server's stderr so far (its warnings and errors; logs are JSON lines). */
  stderr(): string;
  stop(): Promise<number | null>;
}

export async function startServer(o: ServerOptions): Promise<RunningServer> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(o.port),
    HOSTNAME: "127.0.0.1",
    NEXT_DIST_DIR: o.distDir,
    NEXT_TELEMETRY_DISABLED: "1",
    EPISTULA_SIGNED_FOR: o.signedFor,
    // A closed local port: no chain here; the worker retries with back-off, as in the browser tests.
    CHAIN_ENDPOINT: "ws://127.0.0.1:9",
    LOG_LEVEL: "warn",
  };
  delete env.DATABASE_URL;
  if (o.databaseUrl) env.DATABASE_URL = o.databaseUrl;
  if (o.pgliteDataDir) env.PGLITE_DATA_DIR = o.pgliteDataDir;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(o.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${o.profileDir}`] : []),
      "--import",
      "tsx",
      "scripts/start.ts",
    ],
    {
      env,
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr?.on("data", (b: Buffer) => {
    // Only the tail matters for a report; a flood of errors must not grow without bound.
    stderr = (stderr + b.toString()).slice(-200_000);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${o.port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the explorer exited with ${child.exitCode} at start:\n${stderr}`);
    try {
      const res = await fetch(`${url}/api/v1/status`, { signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the explorer did not answer ${url}/api/v1/status within 120 s:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
