import { spawn } from "node:child_process";
import net from "node:net";

import type {
  ContainerDriver,
  ContainerState,
  RunningContainer,
  StartSpec,
} from "@/workers/runner/engine/driver";
import { EvalFailure } from "@/workers/runner/engine/failure";
import { utf8Tail } from "@/workers/runner/engine/log-tail";
import { parseImageReference } from "@/lib/protocol/docker-reference";

// A local command stands in for the container (tests, the demo, a machine without Docker). Nothing is pulled
// and nothing is isolated: never point it at an untrusted image's code.

export interface ProcessDriverOptions {
  /** e.g. `node --import tsx workers/reference-server/main.ts --port {port} --mode {tag}` */
  readonly command: string;
  readonly weightsPath: string | null;
  readonly cwd?: string;
}

const KEEP_LOG_BYTES = 256 * 1024;
const STOP_GRACE_MS = 2_000;

/** Splits a command template into argv (single and double quotes group), without a shell. */
export function splitCommand(template: string): string[] {
  const out: string[] = [];
  for (const m of template.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3] ?? "");
  return out;
}

/** Replaces {port} {image} {tag} {digest} {weights} {name} in each argument (no shell, so no injection). */
export function expandCommand(template: string, values: Record<string, string>): string[] {
  return splitCommand(template).map((arg) =>
    arg.replace(/\{(\w+)\}/g, (all, key: string) => values[key] ?? all),
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address !== null
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

export function createProcessDriver(o: ProcessDriverOptions): ContainerDriver {
  async function start(spec: StartSpec): Promise<RunningContainer> {
    const ref = parseImageReference(spec.image);
    const port = await freePort();
    const argv = expandCommand(o.command, {
      port: String(port),
      image: spec.image,
      tag: ref?.tag ?? "latest",
      digest: spec.digest,
      weights: o.weightsPath ?? "",
      name: spec.name,
    });
    const [bin, ...args] = argv;
    if (bin === undefined) throw new Error("the process command is empty");
    // Its own process group, so removal also ends whatever the command started.
    const child = spawn(bin, args, { cwd: o.cwd, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    const keep = (b: Buffer) => {
      log += b.toString("utf8");
      if (log.length > KEEP_LOG_BYTES * 2) log = log.slice(-KEEP_LOG_BYTES);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const spawned = await new Promise<Error | null>((resolve) => {
      child.once("spawn", () => resolve(null));
      child.once("error", resolve);
    });
    if (spawned !== null)
      throw new EvalFailure("container_crashed", "starting", `cannot start ${bin}: ${spawned.message}`);
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-(child.pid as number), signal);
      } catch {
        // Already gone.
      }
    };
    let removing: Promise<void> | null = null;
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      state: async (): Promise<ContainerState> =>
        child.exitCode === null && child.signalCode === null
          ? { status: "running" }
          : { status: "exited", exitCode: child.exitCode, oomKilled: false },
      logTail: async (maxBytes) => utf8Tail(log, maxBytes),
      remove: () =>
        (removing ??= (async () => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          signalGroup("SIGTERM");
          const timer = setTimeout(() => signalGroup("SIGKILL"), STOP_GRACE_MS);
          await exited;
          clearTimeout(timer);
        })()),
    };
  }

  return {
    kind: "process",
    prepare: async (spec) => {
      if (parseImageReference(spec.image) === null)
        throw new EvalFailure("pull_failed", "pulling", `"${spec.image}" is not a valid image reference`);
    },
    start,
  };
}
