import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

// Every long-running process exits cleanly (code 0) and promptly on SIGTERM: the shared helper runs its
// cleanup (servers closed, loops stopped, database closed) and nothing left open keeps Node alive. The web
// server (server/start.ts) needs a production build and is checked by hand (SECURITY.md).

const BOUND_MS = 10_000;

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  readonly env?: Record<string, string>;
  /** A line on stdout that says the process is up. */
  readonly ready: RegExp;
}

const CASES: Case[] = [
  {
    name: "reference server",
    args: ["workers/reference-server/main.ts", "--port", "0", "--mode", "normal"],
    ready: /reference server listening/,
  },
  {
    name: "devnet",
    args: ["workers/devnet/main.ts", "--port", "0", "--block-ms", "100"],
    ready: /^devnet: ws:/m,
  },
  {
    name: "chain ingest worker",
    args: ["workers/chain-ingest/main.ts"],
    // A closed port: the worker keeps retrying the chain, which must not hold up the shutdown.
    env: { PGLITE_DATA_DIR: "memory://", CHAIN_ENDPOINT: "ws://127.0.0.1:9", DATABASE_URL: "" },
    ready: /database ready/,
  },
  {
    name: "worker process (ingest and standings)",
    args: ["workers/main.ts"],
    env: { PGLITE_DATA_DIR: "memory://", CHAIN_ENDPOINT: "ws://127.0.0.1:9", DATABASE_URL: "" },
    ready: /database ready/,
  },
];

describe("long-running processes – SIGTERM", () => {
  it.each(CASES)(
    "$name exits 0 within 10 s of SIGTERM",
    async ({ args, env, ready }) => {
      const child = spawn(process.execPath, ["--import", "tsx", ...args], {
        env: { ...process.env, LOG_LEVEL: "info", ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
        // "close", not "exit": the last log lines may still be in the pipe when the process exits.
        child.once("close", (code, signal) => resolve({ code, signal })),
      );
      await new Promise<void>((resolve, reject) => {
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          if (ready.test(output)) resolve();
        };
        child.stdout.on("data", onData);
        child.stderr.on("data", onData);
        void exited.then(() => reject(new Error(`exited before it was ready:\n${output}`)));
      });
      const signalled = performance.now();
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), BOUND_MS);
      const result = await exited;
      clearTimeout(timer);
      const ms = performance.now() - signalled;
      expect(result, output.slice(-2000)).toEqual({ code: 0, signal: null });
      expect(ms).toBeLessThan(BOUND_MS);
      expect(output).toMatch(/"msg":"shutting down".*"signal":"SIGTERM"/);
    },
    60_000,
  );
});
