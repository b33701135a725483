import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { Children, killMarked, markedPids } from "./processes";

// What `npm run demo` relies on to leave nothing behind: a child that dies without removing what it started
// (a runner and its miners' servers, each in its own process group), and a child that ignores SIGTERM.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "cacheon-demo-processes-"));
});
afterAll(async () => {
  // Whatever a failed test left running (every test's processes carry a marker under `dir`).
  for (const run of ["run-a", "run-b", "run-c"]) killMarked(path.join(dir, run));
  await rm(dir, { recursive: true, force: true });
});

// A killed orphan may stay a zombie until init reaps it (in a container it may never be): that is not alive.
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};

// Starts a detached grandchild (as the process driver starts a reference server) and exits on SIGTERM
// without stopping it. The handler is installed before the line the test waits for: a SIGTERM arriving before
// it would take the default action (death by signal, exit code null).
const LEAKY = `
process.on("SIGTERM", () => process.exit(0));
const { spawn } = require("node:child_process");
const g = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { detached: true, stdio: "ignore" });
console.log("grandchild " + g.pid);
setInterval(() => {}, 1000);
`;
const STUBBORN = `process.on("SIGTERM", () => {}); console.log("ready"); setInterval(() => {}, 1000);`;

async function firstLine(child: ReturnType<Children["start"]>): Promise<string> {
  return new Promise((resolve) =>
    child.process.stdout?.once("data", (b: Buffer) => resolve(b.toString().trim())),
  );
}

describe("Children", () => {
  it("stops every child and whatever they left behind, SIGKILLing one that ignores SIGTERM", async () => {
    const marker = path.join(dir, "run-a");
    const children = new Children(process.cwd(), dir, marker);
    const leaky = children.start({ name: "leaky", argv: [process.execPath, "-e", LEAKY], env: process.env });
    const stubborn = children.start({
      name: "stubborn",
      argv: [process.execPath, "-e", STUBBORN],
      env: process.env,
    });
    // Both listeners at once: the output flows to the log file whether anyone listens or not.
    const [leakyLine] = await Promise.all([firstLine(leaky), firstLine(stubborn)]);
    const grandchild = Number(leakyLine.split(" ")[1]);
    expect(markedPids(marker).sort()).toEqual([leaky.process.pid, stubborn.process.pid, grandchild].sort());

    // The grace leaves a loaded machine (the whole suite runs at once) time to deliver and handle SIGTERM.
    const started = Date.now();
    await children.stopAll(2_000);
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(await leaky.exited).toBe(0);
    expect(stubborn.process.signalCode).toBe("SIGKILL");
    await expect.poll(() => alive(grandchild)).toBe(false);
    expect(markedPids(marker)).toEqual([]);
  });

  it("never touches processes of another demo run", async () => {
    const mine = new Children(process.cwd(), dir, path.join(dir, "run-b"));
    const other = new Children(process.cwd(), dir, path.join(dir, "run-c"));
    const survivor = other.start({
      name: "other",
      argv: [process.execPath, "-e", STUBBORN],
      env: process.env,
    });
    await firstLine(survivor);
    mine.start({ name: "mine", argv: [process.execPath, "-e", STUBBORN], env: process.env });
    await mine.stopAll(200);
    expect(alive(survivor.process.pid as number)).toBe(true);
    await other.stopAll(200);
    expect(alive(survivor.process.pid as number)).toBe(false);
  });
});
