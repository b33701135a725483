import { describe, expect, it } from "vitest";

import { EvalFailure } from "@/workers/runner/engine/failure";
import { createLogger } from "@/lib/log";
import { DEFAULT_PARAMS } from "@/lib/protocol/params";

import { createDockerDriver, type DockerDriverOptions } from "./docker";
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

function driver(
  exec: Exec,
  size: number | RegistryError = 5e9,
  freeBytes: number | null = 1e12,
  resetCommand?: DockerDriverOptions["resetCommand"],
) {
  return createDockerDriver({
    resetCommand,
    freeDiskBytes: async () => freeBytes,
    weightsPresent: async () => true,
    exec,
    weightsPath: "/w",
    network: "cacheon-eval",
    shmSize: "32g",
    params: DEFAULT_PARAMS,
    gpuCount: 4,
    log: createLogger({}, "error"),
    imageBlobs: async () => {
      if (size instanceof RegistryError) throw size;
      return { totalBytes: size, layers: [] };
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
/** The validator's fault is a plain error (the job is tried again later); a miner's is an EvalFailure. */
const expectBlame = async (attempt: Promise<unknown>, blame: string) => {
  if (blame !== "validator") return expect((await failureOf(attempt)).reason).toBe(blame);
  const error = await attempt.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(Error);
  expect(error).not.toBeInstanceOf(EvalFailure);
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
      ["pull", `docker.io/alice/fast@${DIGEST}`],
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

// Each row: a fault as the docker CLI or the registry reports it, and whose it is. "validator" means a plain
// error (the run becomes runner_error, retried later, never counted against the miner).
const r = (code: number, stderr: string, failure?: ExecResult["failure"]): ExecResult => ({
  code,
  stdout: "",
  stderr,
  ...(failure === undefined ? {} : { failure }),
});
const PULL_FAULTS: [string, ExecResult, "pull_failed" | "validator"][] = [
  ["a digest the registry does not have", r(1, "manifest unknown: manifest unknown"), "pull_failed"],
  [
    "a private repository",
    r(1, "pull access denied for alice/fast, repository does not exist"),
    "pull_failed",
  ],
  ["Docker Hub's rate limit", r(1, "toomanyrequests: You have reached your pull rate limit."), "validator"],
  ["a full disk", r(1, "write /var/lib/docker/tmp/x: no space left on device"), "validator"],
  [
    "a daemon that is down",
    r(1, "Cannot connect to the Docker daemon at unix:///var/run/docker.sock."),
    "validator",
  ],
  ["a registry outage", r(1, "received unexpected HTTP status: 503 Service Unavailable"), "validator"],
  ["DNS failing", r(1, "dial tcp: lookup registry-1.docker.io: no such host"), "validator"],
  ["the pull timing out", r(124, "timed out: docker pull", "timeout"), "validator"],
  ["no docker CLI at all", r(127, "spawn docker ENOENT", "not_started"), "validator"],
  ["an error nobody has seen", r(1, "something new went wrong"), "validator"],
];
const RUN_FAULTS: [string, ExecResult, "container_crashed" | "validator"][] = [
  [
    "an image without CMD",
    r(125, "docker: Error response from daemon: No command specified."),
    "container_crashed",
  ],
  [
    "a USER missing from passwd",
    r(125, "unable to find user app: no matching entries in passwd file"),
    "container_crashed",
  ],
  [
    "an entrypoint that is not there",
    r(127, 'exec: "serve": executable file not found in $PATH'),
    "container_crashed",
  ],
  [
    "the GPU runtime missing",
    r(125, 'could not select device driver "" with capabilities: [[gpu]]'),
    "validator",
  ],
  ["docker run timing out", r(124, "timed out: docker run", "timeout"), "validator"],
  [
    "the daemon gone",
    r(125, "Cannot connect to the Docker daemon. Is the docker daemon running?"),
    "validator",
  ],
  ["a 125 nobody has seen", r(125, "Error response from daemon: something new"), "validator"],
];

describe("docker driver: whose fault", () => {
  it.each(PULL_FAULTS)("docker pull, %s", async (_what, answer, blame) => {
    await expectBlame(driver(scripted({ pull: answer }).exec).prepare(spec, signal), blame);
  });

  it.each([
    [
      "a repository",
      "docker.io/alice/toomanyrequests:v1",
      "Error response from daemon: pull access denied for alice/toomanyrequests, repository does not exist",
    ],
    [
      "a registry",
      "toomanyrequests.example/alice/fast:v1",
      `Error response from daemon: manifest for toomanyrequests.example/alice/fast@${DIGEST} not found: manifest unknown`,
    ],
  ])(
    "docker pull: a miner cannot name %s after a validator's fault to escape its own",
    async (_what, image, stderr) => {
      const answer = { code: 1, stdout: `Pulling from ${image}\n`, stderr };
      const attempt = driver(scripted({ pull: answer }).exec).prepare({ ...spec, image }, signal);
      expect((await failureOf(attempt)).reason).toBe("pull_failed");
    },
  );

  it.each(RUN_FAULTS)("docker run, %s", async (_what, answer, blame) => {
    await expectBlame(driver(scripted({ run: answer }).exec).start(spec), blame);
  });

  it.each([
    ["missing", new RegistryError("not_found", "no manifest"), "pull_failed"],
    ["not public", new RegistryError("denied", "HTTP 401"), "pull_failed"],
    ["rate-limited or down", new RegistryError("unreachable", "HTTP 429"), "validator"],
  ] as const)("the manifest check, a registry answering %s", async (_what, error, blame) => {
    await expectBlame(driver(scripted({}).exec, error).prepare(spec, signal), blame);
  });

  it("refuses to pull onto a disk without room for the image, before pulling", async () => {
    const { exec, calls } = scripted({});
    const error = await driver(exec, 10e9, 20e9)
      .prepare(spec, signal)
      .catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(EvalFailure);
    expect(String(error)).toMatch(/only 20\.0 GB free/);
    expect(calls.some((c) => c[0] === "pull")).toBe(false);
  });

  it("reads a daemon that dies mid-job as the validator's fault, not as an exited container", async () => {
    const { exec } = scripted({
      "inspect --format {{json .NetworkSettings.Networks}}": ok(
        '{"cacheon-eval":{"IPAddress":"172.20.0.5"}}',
      ),
      "inspect --format {{json .State}}": r(1, "Cannot connect to the Docker daemon"),
    });
    const container = await driver(exec).start(spec);
    await expect(container.state()).rejects.toThrow(/docker inspect/);
  });

  it("refuses to start a container on a missing or empty weights folder, blaming nobody's image", async () => {
    const { exec, calls } = scripted({});
    const error = await createDockerDriver({
      exec,
      weightsPath: "/nonexistent/weights",
      network: "cacheon-eval",
      shmSize: "32g",
      params: DEFAULT_PARAMS,
      gpuCount: 1,
      log: createLogger({}, "error"),
    })
      .start(spec)
      .catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(EvalFailure);
    expect(String(error)).toMatch(/weights folder .* missing or empty/);
    expect(calls.some((c) => c[0] === "run")).toBe(false);
  });

  it("removes the miner's image after its job; a failure is only logged", async () => {
    const { exec, calls } = scripted({ "image rm": r(1, "conflict: unable to remove") });
    await driver(exec).removeImage?.(spec);
    expect(calls).toEqual([["image", "rm", `docker.io/alice/fast@${DIGEST}`]]);
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
    const withReset = driver(exec, 5e9, 1e12, async (args) => (resets.push([...args]), ok()));
    await (await withReset.start(spec)).remove();
    expect(resets).toEqual([[]]);
  });
});
