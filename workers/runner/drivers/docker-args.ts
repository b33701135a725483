import type { ProtocolParams } from "@/lib/protocol/params";

// Docker command lines as pure functions, so the isolation flags protocol.md requires are unit-tested here
// (Docker itself cannot run on the project's machines).

export interface DockerRunOptions {
  readonly name: string;
  /** name@sha256:…, never a tag: the container runs exactly the committed image. */
  readonly pinnedRef: string;
  readonly weightsPath: string;
  readonly network: string;
  readonly shmSize: string;
  readonly container: ProtocolParams["container"];
  /** The GPUs the validator set aside for evaluations (`--gpu-count`): devices 0 … gpuCount − 1. */
  readonly gpuCount: number;
  /** The host's CPUs: Docker refuses `--cpus` above them, so the protocol's limit is clamped to the host. */
  readonly hostCpus: number;
  readonly args?: readonly string[];
}

/**
 * `--gpus` for devices 0 … count − 1. Docker reads the value as CSV, so a list of devices is one quoted field
 * (what `--gpus '"device=0,1"'` passes through a shell).
 */
export const gpuDevices = (count: number): string =>
  `"device=${Array.from({ length: count }, (_, i) => i).join(",")}"`;

export const RUNNER_LABEL = "org.cacheon.runner";

export function buildDockerRunArgs(o: DockerRunOptions): string[] {
  const memory = String(o.container.memoryBytes);
  return [
    "run",
    "--detach",
    "--name",
    o.name,
    "--label",
    `${RUNNER_LABEL}=1`,
    "--gpus",
    gpuDevices(o.gpuCount),
    // A PID 1 that reaps zombies and forwards signals, so `docker rm --force` stops servers that ignore them.
    "--init",
    // An --internal network has no route out: the server cannot phone home or fetch other weights.
    "--network",
    o.network,
    "--memory",
    memory,
    // Equal to --memory: no swap, so exceeding the limit is an OOM kill rather than a slow benchmark.
    "--memory-swap",
    memory,
    "--cpus",
    String(Math.min(o.container.cpus, o.hostCpus)),
    "--pids-limit",
    String(o.container.pids),
    "--security-opt",
    "no-new-privileges",
    "--cap-drop",
    "ALL",
    // vLLM's tensor-parallel workers exchange tensors through /dev/shm; Docker's 64 MB default breaks them.
    "--shm-size",
    o.shmSize,
    "--volume",
    `${o.weightsPath}:${o.container.weightsMount}:ro`,
    "--restart",
    "no",
    // Named explicitly: `--log-opt max-size` is refused where the daemon's default driver is journald, and
    // `docker logs` (the failure's log tail) needs a driver that keeps the log locally.
    "--log-driver",
    "json-file",
    "--log-opt",
    "max-size=64m",
    o.pinnedRef,
    ...(o.args ?? []),
  ];
}

/** Not --quiet: its per-layer lines are the pull's progress (pull-progress.ts). */
export const buildPullArgs = (pinnedRef: string): string[] => ["pull", pinnedRef];
export const buildRemoveArgs = (name: string): string[] => ["rm", "--force", "--volumes", name];
export const buildStateArgs = (name: string): string[] => ["inspect", "--format", "{{json .State}}", name];
export const buildNetworksArgs = (name: string): string[] => [
  "inspect",
  "--format",
  "{{json .NetworkSettings.Networks}}",
  name,
];
export const buildLeftoversArgs = (): string[] => [
  "ps",
  "--all",
  "--quiet",
  "--filter",
  `label=${RUNNER_LABEL}=1`,
];
export const buildLogsArgs = (name: string, lines: number | "all"): string[] => [
  "logs",
  "--tail",
  String(lines),
  name,
];
export const buildNetworkInspectArgs = (network: string): string[] => ["network", "inspect", network];
export const buildNetworkCreateArgs = (network: string): string[] => [
  "network",
  "create",
  "--internal",
  "--label",
  `${RUNNER_LABEL}=1`,
  network,
];

/** `docker inspect --format {{json .State}}` output → the driver's view of it. */
export function parseState(json: string): { running: boolean; exitCode: number | null; oomKilled: boolean } {
  const state = JSON.parse(json) as { Running?: unknown; ExitCode?: unknown; OOMKilled?: unknown };
  return {
    running: state.Running === true,
    exitCode: typeof state.ExitCode === "number" ? state.ExitCode : null,
    oomKilled: state.OOMKilled === true,
  };
}

/** The container's address on `network` from `{{json .NetworkSettings.Networks}}`, or null. */
export function parseNetworkIp(json: string, network: string): string | null {
  const networks = JSON.parse(json) as Record<string, { IPAddress?: unknown } | undefined> | null;
  const ip = networks?.[network]?.IPAddress;
  return typeof ip === "string" && ip !== "" ? ip : null;
}
