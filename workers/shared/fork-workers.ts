import { fork, type ChildProcess } from "node:child_process";
import type { Database } from "@/db/client";
import type { Env } from "@/env";
import type { Logger } from "@/lib/log";
import { runWorkerProcess } from "./worker-process";

// The workers of `npm start` in a process of their own: their CPU (the standings, the chain client's decoding)
// never holds up the thread that serves pages. The child is the server's own entry run again with this
// variable set, so the production bundle needs no second entry and `npm run dev` forks its TypeScript.

const CHILD_ENV = "CACHEON_WORKERS_CHILD";

/** Whether this process is the forked worker process of a server. */
export function isWorkersChild(): boolean {
  return process.env[CHILD_ENV] === "1";
}

type StartWorkers = (database: Database, env: Env, log: Logger) => { stop(): Promise<void> };

/** The forked child's main: the workers on their own connection, stopped when the server goes, however it goes. */
export function runAsWorkersChild(start: StartWorkers): void {
  // The IPC channel closes when the parent exits, killed or not: stop as on a signal, not as an orphan.
  process.on("disconnect", () => process.kill(process.pid, "SIGTERM"));
  runWorkerProcess("workers", start);
}

export interface ForkedWorkers {
  readonly pid: () => number | undefined;
  stop(): Promise<void>;
}

/**
 * Forks `entry` (default: this process's own script, with its Node flags) as the worker process and restarts it
 * `restartMs` after an unexpected exit. `stop()` sends it SIGTERM and waits for it, SIGKILL after `killAfterMs`.
 */
export function forkWorkers(
  log: Logger,
  options: { entry?: string; restartMs?: number; killAfterMs?: number } = {},
): ForkedWorkers {
  const entry = options.entry ?? (process.argv[1] as string);
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let stopping = false;
  const start = () => {
    // Its own process group: a terminal's Ctrl-C reaches the server only, which stops the child once.
    const c = fork(entry, [], {
      env: { ...process.env, [CHILD_ENV]: "1" },
      detached: true,
      stdio: "inherit",
    });
    child = c;
    exited = new Promise((resolve) => c.once("exit", () => resolve()));
    c.once("exit", (code, signal) => {
      if (stopping) return;
      log.error("worker process exited; restarting it", {
        code,
        signal,
        restartMs: options.restartMs ?? 5_000,
      });
      setTimeout(() => {
        if (!stopping) start();
      }, options.restartMs ?? 5_000).unref();
    });
  };
  start();
  let stopped: Promise<void> | null = null;
  return {
    pid: () => child?.pid,
    stop: () =>
      (stopped ??= (async () => {
        stopping = true;
        const c = child;
        if (c === null || c.exitCode !== null || c.signalCode !== null) return;
        c.kill("SIGTERM");
        const timer = setTimeout(() => c.kill("SIGKILL"), options.killAfterMs ?? 15_000);
        await exited;
        clearTimeout(timer);
      })()),
  };
}
