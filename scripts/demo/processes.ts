// The demo's child processes: the explorer and the two runners (which start the miners' servers themselves).
// Each child gets its own process group, so a terminal's Ctrl-C reaches only the orchestrator, which then stops
// them in order (a second signal would make them skip their own clean-up), and each carries a marker variable
// so the reference servers the runners started can be found if anything is left behind.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** Set on every process of a demo run (children inherit it), valued with the run's data folder. */
export const DEMO_MARKER = "CACHEON_DEMO_RUN";

export interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  readonly exited: Promise<number | null>;
}

export interface StartSpec {
  readonly name: string;
  readonly argv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

export class Children {
  readonly #children: Child[] = [];

  constructor(
    private readonly cwd: string,
    private readonly logDir: string,
    private readonly marker: string,
  ) {}

  /** Starts a child whose output goes to `<logDir>/<name>.log`. */
  start(spec: StartSpec): Child {
    const [bin, ...args] = spec.argv;
    if (bin === undefined) throw new Error(`${spec.name}: empty command`);
    const log = createWriteStream(path.join(this.logDir, `${spec.name}.log`), { flags: "a" });
    const child = spawn(bin, args, {
      cwd: this.cwd,
      env: { ...spec.env, [DEMO_MARKER]: this.marker } satisfies NodeJS.ProcessEnv,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    const exited = new Promise<number | null>((resolve) =>
      child.once("exit", (code) => {
        log.end();
        resolve(code);
      }),
    );
    const entry = { name: spec.name, process: child, exited };
    this.#children.push(entry);
    return entry;
  }

  /** SIGTERM to every child's group, newest first; SIGKILL to what is still there after `graceMs`. */
  async stopAll(graceMs: number): Promise<void> {
    const running = [...this.#children].reverse().filter((c) => c.process.exitCode === null);
    for (const c of running) signalGroup(c.process.pid, "SIGTERM");
    const timer = setTimeout(() => {
      for (const c of running) signalGroup(c.process.pid, "SIGKILL");
    }, graceMs);
    await Promise.all(running.map((c) => c.exited));
    clearTimeout(timer);
    // The reference servers live in their own groups (the process driver's); a runner that was killed
    // before removing them would leave them behind.
    killMarked(this.marker);
  }
}

/** PIDs of this user's processes whose environment carries the marker with this value (Linux; none elsewhere). */
export function markedPids(marker: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  const needle = `${DEMO_MARKER}=${marker}`;
  return entries.flatMap((entry) => {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) return [];
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, "latin1").split("\0");
      return environ.includes(needle) ? [pid] : [];
    } catch {
      return []; // Not ours to read, or gone.
    }
  });
}

/** SIGKILLs every process of a demo run that is still alive (a previous run's leftovers, or stragglers). */
export function killMarked(marker: string): number {
  const pids = markedPids(marker);
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Gone meanwhile.
    }
  }
  return pids.length;
}
