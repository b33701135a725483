import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { createLogger } from "@/lib/log";
import { forkWorkers } from "./fork-workers";

const entry = path.join(import.meta.dirname, "test-support", "idle-child.mjs");
const alive = (pid: number | undefined) => {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("forkWorkers", () => {
  it("runs the workers in another process, restarts it when it dies and stops it once", async () => {
    const workers = forkWorkers(createLogger({}, "error"), { entry, restartMs: 20 });
    const first = workers.pid();
    expect(first).toBeDefined();
    expect(first).not.toBe(process.pid);
    await vi.waitFor(() => expect(alive(first)).toBe(true));

    process.kill(first as number, "SIGKILL");
    await vi.waitFor(() => expect(workers.pid()).not.toBe(first), { timeout: 5_000 });
    const second = workers.pid();
    await vi.waitFor(() => expect(alive(second)).toBe(true));

    await Promise.all([workers.stop(), workers.stop()]);
    expect(alive(second)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(workers.pid()).toBe(second); // no restart after stop
  });
});
