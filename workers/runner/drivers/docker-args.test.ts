import { describe, expect, it } from "vitest";

import { DEFAULT_PARAMS } from "@/lib/protocol/params";

import {
  buildDockerRunArgs,
  buildPullArgs,
  buildRemoveArgs,
  parseNetworkIp,
  parseState,
} from "./docker-args";

const args = buildDockerRunArgs({
  name: "cacheon-run",
  pinnedRef: `docker.io/alice/fast@sha256:${"a".repeat(64)}`,
  weightsPath: "/data/qwen",
  network: "cacheon-eval",
  shmSize: "32g",
  container: DEFAULT_PARAMS.container,
  gpuCount: 4,
  hostCpus: 64,
  args: ["--port", "8000"],
});
const flag = (name: string) => args[args.indexOf(name) + 1];

describe("buildDockerRunArgs", () => {
  it("applies protocol.md's limits: the pod's GPUs, 200 GB, 32 CPUs, 4096 PIDs, no swap", () => {
    expect(args.slice(0, 2)).toEqual(["run", "--detach"]);
    expect(flag("--gpus")).toBe('"device=0,1,2,3"');
    expect(flag("--memory")).toBe("200000000000");
    expect(flag("--memory-swap")).toBe("200000000000");
    expect(flag("--cpus")).toBe("32");
    expect(flag("--pids-limit")).toBe("4096");
  });

  it("runs on real hosts: GPUs as --gpu-count names them, CPUs clamped to the host, json-file logs, --init", () => {
    const small = buildDockerRunArgs({
      name: "c",
      pinnedRef: "x@sha256:1",
      weightsPath: "/w",
      network: "n",
      shmSize: "1g",
      container: DEFAULT_PARAMS.container,
      gpuCount: 1,
      hostCpus: 16,
    });
    const of = (name: string) => small[small.indexOf(name) + 1];
    expect(of("--gpus")).toBe('"device=0"');
    expect(of("--cpus")).toBe("16");
    // The log options need their driver named: a journald default refuses max-size.
    expect(of("--log-driver")).toBe("json-file");
    expect(small.indexOf("--log-driver")).toBeLessThan(small.indexOf("--log-opt"));
    expect(small).toContain("--init");
    expect(small.indexOf("--init")).toBeLessThan(small.indexOf("x@sha256:1"));
  });

  it("drops every privilege and keeps the server off the internet", () => {
    expect(flag("--security-opt")).toBe("no-new-privileges");
    expect(flag("--cap-drop")).toBe("ALL");
    expect(flag("--network")).toBe("cacheon-eval");
    expect(args).not.toContain("--privileged");
    expect(args).not.toContain("--publish");
  });

  it("mounts the weights read-only at /models and runs the pinned digest with its arguments last", () => {
    expect(flag("--volume")).toBe("/data/qwen:/models:ro");
    expect(args.slice(-3)).toEqual([`docker.io/alice/fast@sha256:${"a".repeat(64)}`, "--port", "8000"]);
  });

  it("pulls and removes by name", () => {
    expect(buildPullArgs("x@sha256:1")).toEqual(["pull", "x@sha256:1"]);
    expect(buildRemoveArgs("c")).toEqual(["rm", "--force", "--volumes", "c"]);
  });
});

describe("docker inspect parsing", () => {
  it("reads OOMKilled and the exit code from .State", () => {
    expect(parseState('{"Status":"exited","Running":false,"ExitCode":137,"OOMKilled":true}')).toEqual({
      running: false,
      exitCode: 137,
      oomKilled: true,
    });
  });

  it("finds the container's address on the eval network", () => {
    const json = '{"cacheon-eval":{"IPAddress":"172.20.0.2"},"bridge":{"IPAddress":"172.17.0.3"}}';
    expect(parseNetworkIp(json, "cacheon-eval")).toBe("172.20.0.2");
    expect(parseNetworkIp(json, "other")).toBeNull();
  });
});
