import { readdir, statfs } from "node:fs/promises";
import { availableParallelism } from "node:os";

import type {
  ContainerDriver,
  ContainerState,
  ImageSpec,
  RunningContainer,
  StartSpec,
} from "@/workers/runner/engine/driver";
import { EvalFailure } from "@/workers/runner/engine/failure";
import type { PullProgress } from "@/workers/runner/engine/live";
import { utf8Tail } from "@/workers/runner/engine/log-tail";
import { LOG_TAIL_BYTES } from "@/workers/runner/engine/settings";
import { parseImageReference } from "@/lib/protocol/docker-reference";
import type { ProtocolParams } from "@/lib/protocol/params";
import type { Logger } from "@/lib/log";

import {
  buildDockerRunArgs,
  buildLeftoversArgs,
  buildLogsArgs,
  buildNetworkCreateArgs,
  buildNetworkInspectArgs,
  buildNetworksArgs,
  buildPullArgs,
  buildRemoveArgs,
  buildStateArgs,
  parseNetworkIp,
  parseState,
} from "./docker-args";
import { blameForPull, blameForRun } from "./docker-faults";
import type { Exec, ExecResult } from "./exec";
import { PullTracker } from "./pull-progress";
import { imageBlobs, RegistryError, type ImageBlobs, type RegistryOptions } from "./registry";

export interface DockerDriverOptions {
  readonly exec: Exec;
  readonly weightsPath: string;
  readonly network: string;
  readonly shmSize: string;
  readonly params: ProtocolParams;
  readonly gpuCount: number;
  /** Defaults to the CPUs this process can use. */
  readonly hostCpus?: number;
  readonly log: Logger;
  readonly registry?: RegistryOptions;
  /** Run after each container is removed (protocol.md step 8: reset GPU state), e.g. a GPU reset script. */
  readonly resetCommand?: Exec;
  /** Injected in tests; defaults to the registry API. */
  readonly imageBlobs?: typeof imageBlobs;
  /** Free bytes where Docker keeps images; null when it cannot be told. Defaults to statfs of DockerRootDir. */
  readonly freeDiskBytes?: () => Promise<number | null>;
  /** Whether the weights folder exists and holds files; injected in tests. */
  readonly weightsPresent?: (folder: string) => Promise<boolean>;
}

const folderHasFiles = (folder: string): Promise<boolean> =>
  readdir(folder).then(
    (entries) => entries.length > 0,
    () => false,
  );

const PULL_TIMEOUT_MS = 60 * 60 * 1000;
const GB = 1e9;
/**
 * The manifest lists compressed layers; extracted they take more, and the pull holds both for a while. Asking
 * for three times the compressed size keeps a pull from filling the disk halfway, which would fail this job
 * and every later one.
 */
const DISK_FACTOR = 3;

/** name@digest, the tag dropped: what is pulled and run. */
export function pinnedReference(spec: ImageSpec): string {
  const ref = parseImageReference(spec.image);
  if (ref === null)
    throw new EvalFailure("pull_failed", "pulling", `"${spec.image}" is not a valid image reference`);
  return `${ref.name}@${spec.digest}`;
}

const lastLine = (s: string) => s.trim().split("\n").slice(-3).join(" ").slice(0, 500);

/** Thrown for the validator's own faults: the run is `runner_error`, never the miner's. */
function validatorFault(what: string, result: ExecResult): Error {
  return new Error(`${what} failed (${result.failure ?? `exit ${result.code}`}): ${lastLine(result.stderr)}`);
}

/** Free bytes on the disk where Docker keeps images (its DockerRootDir); null when Docker cannot tell. */
export async function dockerFreeBytes(exec: Exec): Promise<number | null> {
  const info = await exec(["info", "--format", "{{.DockerRootDir}}"]);
  if (info.code !== 0) return null;
  const stats = await statfs(info.stdout.trim()).catch(() => null);
  return stats === null ? null : stats.bavail * stats.bsize;
}

export function createDockerDriver(o: DockerDriverOptions): ContainerDriver {
  const { exec, log } = o;
  const blobsOf = o.imageBlobs ?? imageBlobs;
  const freeDisk = o.freeDiskBytes ?? (() => dockerFreeBytes(exec));

  async function ensureNetwork(): Promise<void> {
    if ((await exec(buildNetworkInspectArgs(o.network))).code === 0) return;
    const created = await exec(buildNetworkCreateArgs(o.network));
    if (created.code !== 0)
      throw new Error(`cannot create the network ${o.network}: ${lastLine(created.stderr)}`);
  }

  async function prepare(
    spec: ImageSpec,
    signal: AbortSignal,
    onPull?: (progress: PullProgress) => void,
  ): Promise<void> {
    const pinned = pinnedReference(spec);
    const ref = parseImageReference(spec.image);
    if (ref === null)
      throw new EvalFailure("pull_failed", "pulling", `"${spec.image}" is not a valid image reference`);
    let blobs: ImageBlobs;
    try {
      blobs = await blobsOf(ref, spec.digest, { ...o.registry, signal });
    } catch (error) {
      // A reference that does not resolve or is not public is the miner's; a registry that is down, rate
      // limits us or cannot be reached is not.
      if (error instanceof RegistryError && error.kind !== "unreachable")
        throw new EvalFailure("pull_failed", "pulling", `manifest of ${pinned}: ${error.message}`);
      throw error;
    }
    const bytes = blobs.totalBytes;
    const cap = o.params.imageMaxBytes;
    if (bytes > cap) {
      throw new EvalFailure(
        "image_too_large",
        "pulling",
        `the manifest lists ${(bytes / GB).toFixed(2)} GB of layers, over the ${(cap / GB).toFixed(0)} GB cap`,
      );
    }
    const free = await freeDisk();
    if (free !== null && free < DISK_FACTOR * bytes) {
      throw new Error(
        `only ${(free / GB).toFixed(1)} GB free where Docker keeps images, and ${pinned} needs about ` +
          `${((DISK_FACTOR * bytes) / GB).toFixed(1)} GB: free disk space (docker image prune) or add disk`,
      );
    }
    log.info("pulling", { image: pinned, bytes });
    const tracker = onPull === undefined ? null : new PullTracker(blobs, onPull);
    const pulled = await exec(buildPullArgs(pinned), {
      timeoutMs: PULL_TIMEOUT_MS,
      onStdout: tracker === null ? undefined : (text) => tracker.feed(text),
    });
    if (pulled.code !== 0) {
      if (blameForPull(pulled, ref) === "validator") throw validatorFault(`docker pull ${pinned}`, pulled);
      throw new EvalFailure("pull_failed", "pulling", `docker pull ${pinned}: ${lastLine(pulled.stderr)}`);
    }
    await ensureNetwork();
  }

  async function start(spec: StartSpec): Promise<RunningContainer> {
    const name = spec.name;
    // `docker run -v` creates a missing host folder, empty: every server would then fail to load its weights,
    // and the miner would be blamed for the validator's setup.
    if (!(await (o.weightsPresent ?? folderHasFiles)(o.weightsPath)))
      throw new Error(`the weights folder ${o.weightsPath} is missing or empty: check --weights`);
    const run = await exec(
      buildDockerRunArgs({
        name,
        pinnedRef: pinnedReference(spec),
        weightsPath: o.weightsPath,
        network: o.network,
        shmSize: o.shmSize,
        container: o.params.container,
        gpuCount: o.gpuCount,
        hostCpus: o.hostCpus ?? availableParallelism(),
        args: spec.args,
      }),
    );
    let removed = false;
    const container: RunningContainer = {
      baseUrl: "",
      async state(): Promise<ContainerState> {
        const r = await exec(buildStateArgs(name));
        // The daemon did not answer: nothing is known about the container, so nothing is blamed on it.
        if (r.code !== 0) throw validatorFault(`docker inspect ${name}`, r);
        const s = parseState(r.stdout.trim());
        return s.running
          ? { status: "running" }
          : { status: "exited", exitCode: s.exitCode, oomKilled: s.oomKilled };
      },
      async logTail(maxBytes: number): Promise<string> {
        // A failure's tail needs the last lines; a job report asks for the whole log (json-file caps it).
        const r = await exec(buildLogsArgs(name, maxBytes > LOG_TAIL_BYTES ? "all" : 5_000));
        return utf8Tail(`${r.stdout}${r.stderr}`, maxBytes);
      },
      async remove(): Promise<void> {
        if (removed) return;
        removed = true;
        const r = await exec(buildRemoveArgs(name)).catch((error: unknown) => ({
          code: -1,
          stderr: String(error),
        }));
        if (r.code !== 0) log.error("could not remove the container", { name, stderr: lastLine(r.stderr) });
        if (o.resetCommand !== undefined) {
          const reset = await o.resetCommand([]);
          if (reset.code !== 0) log.error("the GPU reset command failed", { stderr: lastLine(reset.stderr) });
        }
      },
    };
    if (run.code !== 0) {
      await container.remove();
      if (blameForRun(run) === "validator") throw validatorFault("docker run", run);
      throw new EvalFailure(
        "container_crashed",
        "starting",
        `the container could not start: ${lastLine(run.stderr)}`,
      );
    }
    const networks = await exec(buildNetworksArgs(name));
    const ip = networks.code === 0 ? parseNetworkIp(networks.stdout.trim(), o.network) : null;
    if (ip === null) {
      const state = await container.state();
      const logs = await container.logTail(64 * 1024).catch(() => "");
      await container.remove();
      if (state.status === "exited") {
        const reason = state.oomKilled ? "oom" : "container_crashed";
        throw new EvalFailure(reason, "starting", "the container exited at once", logs);
      }
      throw new Error(`the container has no address on ${o.network}`);
    }
    // The host reaches an --internal bridge network directly; no port is published.
    return { ...container, baseUrl: `http://${ip}:${o.params.container.port}` };
  }

  async function removeLeftovers(): Promise<number> {
    const listed = await exec(buildLeftoversArgs());
    const ids = listed.stdout.split(/\s+/).filter(Boolean);
    for (const id of ids) await exec(buildRemoveArgs(id));
    if (ids.length > 0) log.warn("removed containers left by an earlier runner", { count: ids.length });
    return ids.length;
  }

  /** A miner's image is removed after its job, so images never fill the disk; a failure is only logged. */
  async function removeImage(spec: ImageSpec): Promise<void> {
    const pinned = pinnedReference(spec);
    const r = await exec(["image", "rm", pinned]).catch((error: unknown) => ({
      code: -1,
      stderr: String(error),
    }));
    if (r.code !== 0 && !/no such image/i.test(r.stderr))
      log.warn("could not remove the image", { image: pinned, stderr: lastLine(r.stderr) });
  }

  return { kind: "docker", prepare, start, removeLeftovers, removeImage };
}
