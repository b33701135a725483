import { describe, expect, it } from "vitest";

import { createProcessDriver, expandCommand, splitCommand } from "./process";

/** A node script started as the process driver's container. */
const startScript = (script: string) =>
  createProcessDriver({ command: `${process.execPath} -e "${script}"`, weightsPath: null }).start({
    image: "local/x:1",
    digest: `sha256:${"0".repeat(64)}`,
    name: "t",
  });

describe("process driver command", () => {
  it("splits with quotes and fills placeholders per argument, without a shell", () => {
    expect(splitCommand(`node "a b.js" --x 'c d'`)).toEqual(["node", "a b.js", "--x", "c d"]);
    expect(
      expandCommand("srv --port {port} --mode {tag} {unknown}", { port: "81", tag: "near-tie" }),
    ).toEqual(["srv", "--port", "81", "--mode", "near-tie", "{unknown}"]);
  });

  it("reports an exit with its code and keeps the output", async () => {
    const container = await startScript("console.log('up');process.exit(3)");
    for (let i = 0; i < 100 && (await container.state()).status === "running"; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(await container.state()).toEqual({ status: "exited", exitCode: 3, oomKilled: false });
    expect(await container.logTail(100)).toBe("up\n");
    await container.remove();
  });

  it("stops a running command on removal", async () => {
    const container = await startScript("setInterval(() => {}, 1000)");
    expect(await container.state()).toEqual({ status: "running" });
    await container.remove();
    expect((await container.state()).status).toBe("exited");
  });
});
