import { describe, expect, it } from "vitest";

import { EvalFailure } from "@/lib/eval/failure";
import { createLogger } from "@/lib/log";
import { DEFAULT_PARAMS } from "@/lib/protocol/params";

import { createDockerDriver } from "./docker";
import type { Exec, ExecResult } from "./exec";
import { RegistryError } from "./registry";

// The Docker driver's flow against a scripted docker CLI (Docker cannot run on the project's machines).

const DIGEST = `sha256:${"a".repeat(64)}`;
const spec = { image: "docker.io/alice/fast:v1", digest: DIGEST, name: "cacheon-1" };
const ok = (stdout = ""): ExecResult => ({ code: 0, stdout, stderr: "" });

function scripted(answers: Record<string, ExecResult>) {
  const calls: string[][] = [];
  const exec: Exec = async (args) => {
    calls.push([...args]);
    const key = Object.keys(answers).find((k) => args.join(" ").startsWith(k));
    return key === undefined ? ok() : (answers[key] as ExecResult);
  };
  return { exec, calls };
}

function driver(exec: Exec, size: number | RegistryError = 5e9) {
  return createDockerDriver({
    exec,
    weightsPath: "/w",
    network: "cacheon-eval",
    shmSize: "32g",
    params: DEFAULT_PARAMS,
    gpuCount: 4,
    log: createLogger({}, "error"),
    imageSize: async () => {
      if (size instanceof RegistryError) throw size;
      return size;
    },
  });
}

const failureOf = async (p: Promise<unknown>) => {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof EvalFailure)) throw new Error(`expected EvalFailure, got ${String(error)}`);
  return error;
};
const signal = new AbortController().signal;

describe("docker driver", () => {
  it("refuses an image over 20 GB from its manifest, before pulling", async () => {
    const { exec, calls } = scripted({});
    const failure = await failureOf(driver(exec, 20e9 + 1).prepare(spec, signal));
    expect(failure.reason).toBe("image_too_large");
    expect(failure.message).toContain("20.00 GB");
    expect(calls).toEqual([]);
  });

  it("reports a missing manifest and a failed pull as pull_failed", async () => {
    const missing = await failureOf(
      driver(scripted({}).exec, new RegistryError("not_found", "no manifest")).prepare(spec, signal),
    );
    expect(missing.reason).toBe("pull_failed");
    const { exec } = scripted({ pull: { code: 1, stdout: "", stderr: "manifest unknown" } });
    const pulled = await failureOf(driver(exec).prepare(spec, signal));
    expect([pulled.reason, pulled.message]).toEqual([
      "pull_failed",
      expect.stringContaining("manifest unknown"),
    ]);
  });

  it("pulls by digest and creates the internal network when missing", async () => {
    const { exec, calls } = scripted({
      "network inspect": { code: 1, stdout: "", stderr: "no such network" },
    });
    await driver(exec).prepare(spec, signal);
    expect(calls).toEqual([
      ["pull", "--quiet", `docker.io/alice/fast@${DIGEST}`],
      ["network", "inspect", "cacheon-eval"],
      ["network", "create", "--internal", "--label", "org.cacheon.runner=1", "cacheon-eval"],
    ]);
  });

  it("starts the container, reaches it on the network and detects an OOM kill", async () => {
    const { exec, calls } = scripted({
      "inspect --format {{json .NetworkSettings.Networks}}": ok(
        '{"cacheon-eval":{"IPAddress":"172.20.0.5"}}',
      ),
      "inspect --format {{json .State}}": ok('{"Running":false,"ExitCode":137,"OOMKilled":true}'),
    });
    const container = await driver(exec).start(spec);
    expect(container.baseUrl).toBe("http://172.20.0.5:8000");
    expect(await container.state()).toEqual({ status: "exited", exitCode: 137, oomKilled: true });
    await container.remove();
    await container.remove();
    expect(calls.filter((c) => c[0] === "rm")).toEqual([["rm", "--force", "--volumes", "cacheon-1"]]);
  });

  it("blames the image for a command that cannot run, the runner for a Docker error, and cleans up", async () => {
    const bad = scripted({ run: { code: 127, stdout: "", stderr: "exec: not found" } });
    expect((await failureOf(driver(bad.exec).start(spec))).reason).toBe("container_crashed");
    expect(bad.calls.at(-1)?.[0]).toBe("rm");
    const daemon = scripted({ run: { code: 125, stdout: "", stderr: "could not select device driver" } });
    await expect(driver(daemon.exec).start(spec)).rejects.toThrow(/device driver/);
    expect(daemon.calls.at(-1)?.[0]).toBe("rm");
  });
});

describe("docker driver housekeeping", () => {
  it("removes containers an earlier runner left behind, found by label", async () => {
    const { exec, calls } = scripted({ "ps --all": ok("abc\ndef\n") });
    expect(await driver(exec).removeLeftovers?.()).toBe(2);
    expect(calls).toEqual([
      ["ps", "--all", "--quiet", "--filter", "label=org.cacheon.runner=1"],
      ["rm", "--force", "--volumes", "abc"],
      ["rm", "--force", "--volumes", "def"],
    ]);
  });

  it("runs the GPU reset command after removing a container", async () => {
    const { exec } = scripted({
      "inspect --format {{json .NetworkSettings.Networks}}": ok(
        '{"cacheon-eval":{"IPAddress":"172.20.0.5"}}',
      ),
    });
    const resets: string[][] = [];
    const withReset = createDockerDriver({
      exec,
      weightsPath: "/w",
      network: "cacheon-eval",
      shmSize: "32g",
      params: DEFAULT_PARAMS,
      gpuCount: 4,
      log: createLogger({}, "error"),
      resetCommand: async (args) => (resets.push([...args]), ok()),
    });
    await (await withReset.start(spec)).remove();
    expect(resets).toEqual([[]]);
  });
});
