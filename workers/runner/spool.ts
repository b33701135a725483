import { randomUUID } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";

// Finished runs on disk until the API has them. A run is written here before the first delivery attempt,
// so nothing measured is lost to a crash, a restart or an API outage. Files are written to a temporary
// name, fsynced, renamed into place and the folder fsynced: after a power cut a run is whole or absent.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export const submissionKey = (hotkey: string, digest: string): string => `${hotkey} ${digest}`;

export class Spool {
  readonly pendingDir: string;
  readonly rejectedDir: string;

  constructor(readonly root: string) {
    this.pendingDir = path.join(root, "pending");
    this.rejectedDir = path.join(root, "rejected");
  }

  /** Creates the folders and removes temporaries left by a crash mid-write (their run was never renamed in). */
  async init(): Promise<void> {
    await mkdir(this.pendingDir, { recursive: true });
    await mkdir(this.rejectedDir, { recursive: true });
    for (const name of await readdir(this.pendingDir)) {
      if (name.endsWith(".tmp")) await unlink(path.join(this.pendingDir, name)).catch(() => undefined);
    }
  }

  private file(runId: string): string {
    if (!UUID.test(runId)) throw new Error(`not a run id: ${runId}`);
    return path.join(this.pendingDir, `${runId}.json`);
  }

  async add(runId: string, body: Uint8Array): Promise<void> {
    const tmp = path.join(this.pendingDir, `.${runId}.${randomUUID()}.tmp`);
    const handle = await open(tmp, "wx");
    try {
      await handle.writeFile(body);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, this.file(runId));
    await fsyncDir(this.pendingDir);
  }

  /** Pending run ids, oldest file first, so runs reach the API in the order they finished. */
  async pending(): Promise<string[]> {
    const ids = (await readdir(this.pendingDir))
      .filter((n) => n.endsWith(".json") && UUID.test(n.slice(0, -5)))
      .map((n) => n.slice(0, -5));
    const withTimes = await Promise.all(
      ids.map(async (id) => ({ id, at: (await stat(this.file(id))).mtimeMs })),
    );
    return withTimes.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1)).map((x) => x.id);
  }

  /** "hotkey digest" of every pending run, so a job whose run awaits delivery is not evaluated again. */
  async pendingSubmissions(): Promise<Set<string>> {
    const keys = new Set<string>();
    for (const runId of await this.pending()) {
      try {
        const run = JSON.parse((await this.read(runId)).toString("utf8")) as {
          submission?: { hotkey?: unknown; digest?: unknown };
        };
        keys.add(submissionKey(String(run.submission?.hotkey), String(run.submission?.digest)));
      } catch {
        // Unreadable: delivery will reject it loudly; it must not block new jobs.
      }
    }
    return keys;
  }

  read(runId: string): Promise<Buffer> {
    return readFile(this.file(runId));
  }

  /** Delivered: the API holds it now. */
  async remove(runId: string): Promise<void> {
    await unlink(this.file(runId));
    await fsyncDir(this.pendingDir);
  }

  /** Permanently refused: kept with the API's answer for the operator to read. */
  async reject(runId: string, why: string): Promise<string> {
    const target = path.join(this.rejectedDir, `${runId}.json`);
    await writeFile(path.join(this.rejectedDir, `${runId}.reason.txt`), `${why}\n`);
    await rename(this.file(runId), target);
    await fsyncDir(this.rejectedDir);
    await fsyncDir(this.pendingDir);
    return target;
  }
}
