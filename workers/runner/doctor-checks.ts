// `runner doctor`'s judgments: each check reads what a probe found (doctor-probes.ts) and says pass, warn or
// fail, and for anything short of pass what the operator should do. Pure, so every failure has a test.

export type CheckStatus = "pass" | "warn" | "fail";

export interface CheckResult {
  readonly name: string;
  readonly status: CheckStatus;
  readonly detail: string;
  /** What to do about it; empty when it passed. */
  readonly fix: string;
}

const pass = (name: string, detail: string): CheckResult => ({ name, status: "pass", detail, fix: "" });
const fail = (name: string, detail: string, fix: string): CheckResult => ({
  name,
  status: "fail",
  detail,
  fix,
});
const warn = (name: string, detail: string, fix: string): CheckResult => ({
  name,
  status: "warn",
  detail,
  fix,
});

/** A check that depends on one that failed: the failure above says what to fix first. */
export const notChecked = (name: string, because: string): CheckResult =>
  warn(name, `not checked: ${because}`, "");

/**
 * Docker Engine versions whose `--internal` networks break the evaluation: 25.0.0–25.0.3 cannot reach a
 * container on an internal network from the host (moby/moby#47329, fixed by #47481 in 25.0.4), and every
 * version before 26.0.0, 25.0.5 and 23.0.11 lets a container on an internal network resolve external names
 * through Docker's DNS (CVE-2024-29018), a way out of the sandbox.
 */
export function dockerVersionProblem(version: string): string | null {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (m === null) return `cannot read the version "${version}"`;
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (major === 25 && minor === 0 && patch <= 3)
    return "the host cannot reach containers on --internal networks (moby/moby#47329)";
  const dnsFixed =
    major >= 26 ||
    (major === 25 && (minor > 0 || patch >= 5)) ||
    (major === 23 && (minor > 0 || patch >= 11));
  if (!dnsFixed) return "containers on --internal networks can resolve external names (CVE-2024-29018)";
  return null;
}

export function checkDocker(version: string | null): CheckResult {
  const name = "Docker Engine";
  if (version === null)
    return fail(name, "the docker CLI does not answer", "install Docker Engine and start its daemon");
  const problem = dockerVersionProblem(version);
  return problem === null
    ? pass(name, version)
    : fail(name, `${version}: ${problem}`, "upgrade Docker Engine to 26 or later");
}

export function checkNvidiaRuntime(runtimes: readonly string[] | null): CheckResult {
  const name = "NVIDIA container runtime";
  if (runtimes === null) return fail(name, "docker info does not answer", "start the Docker daemon");
  return runtimes.includes("nvidia")
    ? pass(name, `runtimes: ${runtimes.join(", ")}`)
    : fail(
        name,
        `Docker knows no nvidia runtime (runtimes: ${runtimes.join(", ") || "none"})`,
        "install the NVIDIA Container Toolkit and run `nvidia-ctk runtime configure --runtime=docker`, then restart Docker",
      );
}

export interface GpuStatus {
  readonly index: number;
  readonly name: string;
  readonly memoryUsedMiB: number;
  readonly processes: number;
}

/** A GPU with more than this in use is busy with something else, which would skew every timing. */
const IDLE_MEMORY_MIB = 1024;

export function checkGpus(gpus: readonly GpuStatus[] | null, gpuCount: number): CheckResult {
  const name = "GPUs";
  if (gpus === null) return fail(name, "nvidia-smi does not answer", "install the NVIDIA driver");
  if (gpus.length < gpuCount)
    return fail(
      name,
      `${gpus.length} GPUs, --gpu-count says ${gpuCount}`,
      "set --gpu-count to the pod's GPUs",
    );
  const busy = gpus
    .filter((g) => g.index < gpuCount)
    .filter((g) => g.processes > 0 || g.memoryUsedMiB > IDLE_MEMORY_MIB);
  if (busy.length > 0)
    return fail(
      name,
      `busy: ${busy.map((g) => `GPU ${g.index} (${g.memoryUsedMiB} MiB, ${g.processes} processes)`).join(", ")}`,
      "stop what runs on them: an evaluation must have the GPUs to itself",
    );
  return pass(name, `${gpuCount} idle of ${gpus.length} (${gpus[0]?.name ?? "?"})`);
}

/**
 * The files a Hugging Face checkpoint of the model needs: its config, its tokenizer, and its weights, either
 * one safetensors file or the shards its index names (every one of them present).
 */
export function checkWeights(
  folder: string | null,
  files: readonly string[] | null,
  indexShards: readonly string[] | null,
): CheckResult {
  const name = "model weights";
  if (folder === null) return pass(name, "not used by this driver");
  if (files === null || files.length === 0)
    return fail(name, `${folder} is missing or empty`, "download the model into it and pass it as --weights");
  const sharded = files.includes("model.safetensors.index.json");
  const missing = [
    ...["config.json", "tokenizer.json"].filter((f) => !files.includes(f)),
    ...(sharded ? (indexShards ?? []).filter((f) => !files.includes(f)) : []),
    ...(!sharded && !files.some((f) => f.endsWith(".safetensors")) ? ["*.safetensors"] : []),
  ];
  if (missing.length > 0)
    return fail(
      name,
      `${folder} lacks ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ", …" : ""}`,
      "download the complete checkpoint again",
    );
  return pass(name, `${folder}: ${sharded ? `${indexShards?.length ?? 0} shards` : "one safetensors file"}`);
}

/**
 * The weights' commit against the pinned one, as Hugging Face's downloader recorded it (weights-revision.ts
 * says why that and not a hash of the checkpoint).
 */
export function checkWeightsRevision(
  folder: string | null,
  pinned: { readonly repo: string; readonly revision: string },
  found: { readonly revision: string | null; readonly source: string } | null,
): CheckResult {
  const name = "weights revision";
  if (folder === null || found === null) return pass(name, "not used by this driver");
  const fix =
    `huggingface-cli download ${pinned.repo} --revision ${pinned.revision} --local-dir ${folder}` +
    " (or mount the Hub cache's snapshots/<commit> folder)";
  if (found.revision === null) return fail(name, `cannot tell the revision: ${found.source}`, fix);
  return found.revision === pinned.revision
    ? pass(name, `${pinned.repo}@${found.revision} (${found.source})`)
    : fail(name, `${found.revision}, pinned ${pinned.revision} (${found.source})`, fix);
}

/** The baseline this runner starts against the protocol's pinned one; a difference means nothing is posted. */
export function checkBaselineSetup(differences: readonly string[]): CheckResult {
  const name = "pinned baseline";
  return differences.length === 0
    ? pass(name, "the image and the vLLM flags are the protocol's")
    : fail(
        name,
        differences.join("; "),
        "drop --baseline-image and --baseline-args: the defaults are the pinned ones",
      );
}

/** The prompt corpus against the pinned one; `found` is its identity, or null when it cannot be read. */
export function checkCorpus(
  folder: string,
  found: string | null,
  pinned: {
    readonly dataset: string;
    readonly revision: string;
    readonly split: string;
    readonly sha256: string | null;
  },
  shippedSha256: string,
): CheckResult {
  const name = "prompt corpus";
  const fix = `download the ${pinned.dataset} ${pinned.split} split at revision ${pinned.revision} with \`runner corpus download --dir DIR\` and point --corpus at DIR`;
  if (found === null) return fail(name, `${folder} holds no readable .txt books`, fix);
  if (found === pinned.sha256)
    return pass(name, `${folder}: the pinned ${pinned.dataset} ${pinned.split} (${found})`);
  if (found === shippedSha256)
    return warn(
      name,
      `${folder}: the shipped demo corpus (${found}); only a demo network's jobs use it`,
      fix,
    );
  if (pinned.sha256 === null)
    return warn(
      name,
      `${folder}: ${found}; the protocol has not pinned the corpus identity yet, so no public network's job is evaluated`,
      "",
    );
  return fail(name, `${folder}: ${found}, pinned ${pinned.sha256}`, fix);
}

/** Room for the baseline and a miner image of the 20 GB cap, extracted, with their pulls in flight. */
export const MIN_FREE_DISK_BYTES = 100e9;

export function checkDisk(freeBytes: number | null): CheckResult {
  const name = "free disk";
  if (freeBytes === null) return warn(name, "cannot tell where Docker keeps images", "check `docker info`");
  const gb = (freeBytes / 1e9).toFixed(1);
  return freeBytes >= MIN_FREE_DISK_BYTES
    ? pass(name, `${gb} GB where Docker keeps images`)
    : fail(
        name,
        `${gb} GB where Docker keeps images`,
        `free at least ${MIN_FREE_DISK_BYTES / 1e9} GB (docker image prune)`,
      );
}

/** Epistula refuses a timestamp more than 8 s off the explorer's clock. */
const CLOCK_FAIL_MS = 5_000;
const CLOCK_WARN_MS = 2_000;

export interface ExplorerProbe {
  readonly reachable: boolean;
  readonly error: string | null;
  /** The explorer's clock minus ours, from its Date header; null when unknown. */
  readonly clockOffsetMs: number | null;
  /** The signed GET /api/v1/jobs answer's status (403: not a permitted validator). */
  readonly jobsStatus: number | null;
  readonly jobsMessage: string;
}

export function checkExplorer(probe: ExplorerProbe, apiUrl: string): CheckResult {
  const name = "explorer";
  if (!probe.reachable)
    return fail(
      name,
      `${apiUrl} does not answer: ${probe.error ?? "no answer"}`,
      "check --api-url and the network",
    );
  return pass(name, `${apiUrl} answers`);
}

export function checkClock(probe: ExplorerProbe): CheckResult {
  const name = "clock offset";
  if (!probe.reachable) return notChecked(name, "the explorer does not answer");
  if (probe.clockOffsetMs === null) return warn(name, "the explorer sent no Date header", "");
  const offset = probe.clockOffsetMs;
  const detail = `this pod's clock is ${Math.abs(offset / 1000).toFixed(1)} s ${offset > 0 ? "behind" : "ahead of"} the explorer's`;
  const fix =
    "synchronise the clock (chrony or systemd-timesyncd): signed writes more than 8 s off are refused";
  if (Math.abs(offset) > CLOCK_FAIL_MS) return fail(name, detail, fix);
  if (Math.abs(offset) > CLOCK_WARN_MS) return warn(name, detail, fix);
  return pass(name, detail);
}

export function checkPermit(probe: ExplorerProbe, hotkey: string): CheckResult {
  const name = "validator permit";
  if (!probe.reachable || probe.jobsStatus === null)
    return warn(name, "not checked: the explorer does not answer", "");
  if (probe.jobsStatus === 200) return pass(name, `${hotkey} may post runs`);
  if (probe.jobsStatus === 403)
    return fail(
      name,
      `${hotkey} has no validator permit on the subnet`,
      "register the hotkey and hold a validator permit",
    );
  return fail(
    name,
    `the signed job list answered ${probe.jobsStatus}: ${probe.jobsMessage}`,
    "see the message",
  );
}

export function checkBaselineImage(pinned: string, present: boolean | null): CheckResult {
  const name = "baseline image";
  if (present === null) return pass(name, "not used by this driver");
  return present
    ? pass(name, `${pinned} is present`)
    : fail(name, `${pinned} is not pulled`, `docker pull ${pinned}`);
}
