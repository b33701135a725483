// Test support: a Postgres cluster of the test's own, on a loopback port of its own, that a test may stop,
// crash and start again (the machine's shared Postgres on 5432 serves everybody's tests and is never touched).
// Debian's server binaries are used; as root (CI) the cluster runs as the postgres user, since initdb and
// postgres refuse to run as root.
import { execFile } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Debian's newest installed server binaries (/usr/lib/postgresql/<major>/bin), or null. */
export function postgresBinDir(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const majors = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, "bin", "pg_ctl")))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] === undefined ? null : path.join(root, majors[0], "bin");
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

export interface ThrowawayPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  readonly url: string;
  readonly port: number;
  /** `fast` stops cleanly (clients are disconnected); `immediate` is a crash (recovery runs at the next start). */
  stop(mode: "fast" | "immediate"): Promise<void>;
  start(): Promise<void>;
  /** Stops it and deletes its files. */
  destroy(): Promise<void>;
}

/** Starts a fresh cluster on the first free port of `ports` (trust authentication on loopback only). */
export async function startThrowawayPostgres(
  ports: readonly number[] = [5450, 5451, 5452, 5453, 5454, 5455, 5456, 5457, 5458, 5459],
): Promise<ThrowawayPostgres> {
  const bin = postgresBinDir();
  if (bin === null) throw new Error("Postgres server binaries not found under /usr/lib/postgresql/*/bin");
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(os.tmpdir(), "cacheon-pg-"));
  const data = path.join(dir, "data");
  if (asRoot) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const uid = Number(stdout.trim());
    const gid = Number((await run("id", ["-g", "postgres"])).stdout.trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const as = (command: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", "postgres", "--", command, ...args]) : run(command, args);
  await as(path.join(bin, "initdb"), [
    "-D",
    data,
    "-U",
    "postgres",
    "-A",
    "trust",
    "--no-sync",
    "-E",
    "UTF8",
  ]);
  let port = -1;
  for (const candidate of ports) {
    if (await portIsFree(candidate)) {
      port = candidate;
      break;
    }
  }
  if (port < 0) throw new Error(`no free port among ${ports.join(", ")} for a throwaway Postgres`);
  // The socket lives in the cluster's own folder: /var/run/postgresql belongs to the machine's cluster.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
  const start = async () => {
    await as(path.join(bin, "pg_ctl"), [
      "-D",
      data,
      "-o",
      options,
      "-l",
      path.join(dir, "log"),
      "-w",
      "-t",
      "30",
      "start",
    ]);
  };
  const stop = async (mode: "fast" | "immediate") => {
    await as(path.join(bin, "pg_ctl"), ["-D", data, "-m", mode, "-w", "-t", "30", "stop"]);
  };
  await start();
  let running = true;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start: async () => {
      await start();
      running = true;
    },
    stop: async (mode) => {
      await stop(mode);
      running = false;
    },
    destroy: async () => {
      if (running) await stop("immediate").catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
