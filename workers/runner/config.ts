import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { z } from "zod";

import { DEFAULT_CONTEXT_CHARS } from "@/workers/runner/engine/prompts";
import { pinnedBaselineArgs } from "@/lib/protocol/baseline-args";
import { DEFAULT_PARAMS, paramsAt } from "@/lib/protocol/params";

import type { HotkeySource } from "./wallet";

// The runner is its own program on a validator's GPU pod, so it reads its own flags and RUNNER_* variables
// here (the app's env.ts is not loaded). A flag wins over its variable; everything is checked at start.

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

const STATE_DIR = path.join(os.homedir(), ".cacheon-runner");
const DEFAULT_WALLETS_DIR = path.join(os.homedir(), ".bittensor", "wallets");
const DEFAULT_REPORT_DIR = path.join(STATE_DIR, "reports");
/** The shipped corpus: in the repository (../../corpus from here), or beside the one-file bundle (./corpus). */
const SHIPPED_CORPUS =
  [new URL("../../corpus", import.meta.url), new URL("./corpus", import.meta.url)]
    .map((url) => fileURLToPath(url))
    .find((folder) => existsSync(folder)) ?? fileURLToPath(new URL("../../corpus", import.meta.url));
/** The parameters in force now (the last version): the pinned baseline the runner starts by default. */
const CURRENT_PARAMS = paramsAt(Number.MAX_SAFE_INTEGER);

/** flag name → [environment variable, description] */
const OPTIONS = {
  "api-url": ["RUNNER_API_URL", "the explorer's base URL, e.g. https://cacheon.example"],
  "signed-for": ["RUNNER_SIGNED_FOR", "the explorer's Epistula identity (default empty)"],
  wallet: ["RUNNER_WALLET", "bittensor wallet name (default: default)"],
  hotkey: ["RUNNER_HOTKEY", "hotkey name in the wallet (default: default)"],
  "wallets-dir": ["RUNNER_WALLETS_DIR", `wallets folder (default ${DEFAULT_WALLETS_DIR})`],
  "dev-uri": ["RUNNER_DEV_URI", "sign with a secret URI such as //Validator1 instead of a wallet"],
  "gpu-model": ["RUNNER_GPU_MODEL", "GPU model, e.g. NVIDIA H200 (default: from nvidia-smi)"],
  "gpu-count": ["RUNNER_GPU_COUNT", "number of GPUs (default: from nvidia-smi)"],
  "gpu-driver": ["RUNNER_GPU_DRIVER", "GPU driver version (default: from nvidia-smi)"],
  weights: ["RUNNER_WEIGHTS", "host folder with the model weights, mounted read-only at /models"],
  corpus: ["RUNNER_CORPUS", "folder of plain-text books for the prompts (default: the repo's corpus/)"],
  "context-chars": ["RUNNER_CONTEXT_CHARS", `prompt excerpt length (default ${DEFAULT_CONTEXT_CHARS})`],
  "spool-dir": ["RUNNER_SPOOL_DIR", `undelivered runs (default ${path.join(STATE_DIR, "spool")})`],
  "cache-dir": ["RUNNER_CACHE_DIR", `baseline cache (default ${path.join(STATE_DIR, "baseline")})`],
  "report-dir": [
    "RUNNER_REPORT_DIR",
    `each job's report and container log, and the status \`runner status\` reads (default ${DEFAULT_REPORT_DIR})`,
  ],
  driver: ["RUNNER_DRIVER", "docker or process (default docker)"],
  "docker-bin": ["RUNNER_DOCKER_BIN", "docker CLI (default docker)"],
  "docker-network": ["RUNNER_DOCKER_NETWORK", "internal network without egress (default cacheon-eval)"],
  "shm-size": ["RUNNER_SHM_SIZE", "container /dev/shm size (default 32g)"],
  "insecure-registries": ["RUNNER_INSECURE_REGISTRIES", "comma-separated host:port reached over plain HTTP"],
  "gpu-reset-command": ["RUNNER_GPU_RESET_COMMAND", "run after each container is removed (default none)"],
  "process-command": [
    "RUNNER_PROCESS_COMMAND",
    "process driver command; {port} {image} {tag} {digest} {weights}",
  ],
  "baseline-image": [
    "RUNNER_BASELINE_IMAGE",
    "vLLM image name[:tag]@sha256:<64 hex> (default: the protocol's pinned one; another is never posted)",
  ],
  "baseline-version": ["RUNNER_BASELINE_VERSION", "vLLM version label (default: the image tag)"],
  "baseline-args": [
    "RUNNER_BASELINE_ARGS",
    "arguments to the baseline image, {gpuCount} replaced (default: the pinned flags; others are never posted)",
  ],
  "prompt-timeout-ms": [
    "RUNNER_PROMPT_TIMEOUT_MS",
    `per request (default ${DEFAULT_PARAMS.promptTimeoutMs})`,
  ],
  "health-timeout-ms": ["RUNNER_HEALTH_TIMEOUT_MS", `default ${DEFAULT_PARAMS.healthTimeoutMs}`],
  "health-poll-ms": ["RUNNER_HEALTH_POLL_MS", `default ${DEFAULT_PARAMS.healthPollMs}`],
  "poll-interval-ms": ["RUNNER_POLL_INTERVAL_MS", "wait between job fetches when idle (default 30000)"],
  "verify-batch": [
    "RUNNER_VERIFY_BATCH",
    "queued jobs measured before one baseline session verifies them all (default 4)",
  ],
  "log-level": ["RUNNER_LOG_LEVEL", "debug, info, warn or error (default info)"],
} as const;
type OptionName = keyof typeof OPTIONS;

/**
 * bittensor's own names for the wallet settings (its `--wallet.*` flags and `BT_WALLET_*` variables), read when
 * ours are not given, so a validator's existing command line and environment work as they are.
 */
const BITTENSOR_ALIASES: Partial<Record<OptionName, readonly [flag: string, variable: string]>> = {
  wallet: ["wallet.name", "BT_WALLET_NAME"],
  hotkey: ["wallet.hotkey", "BT_WALLET_HOTKEY"],
  "wallets-dir": ["wallet.path", "BT_WALLET_PATH"],
};

/** `~` and `~/…` as bittensor writes its wallet path (`~/.bittensor/wallets/`). */
const expandHome = (value: string): string =>
  value === "~" || value.startsWith("~/") ? path.join(os.homedir(), value.slice(1)) : value;

const positiveInt = z.coerce.number().int().positive();
const baselineImage = z
  .string()
  .regex(/^[^@\s]+@sha256:[0-9a-f]{64}$/, "expected name[:tag]@sha256:<64 lowercase hex>");

/** `needsApi`: false for `runner evaluate`, which posts nothing. */
const schemaFor = (needsApi: boolean) =>
  z
    .object({
      "api-url": needsApi ? z.url({ protocol: /^https?$/ }) : z.url({ protocol: /^https?$/ }).optional(),
      "signed-for": z.string().default(""),
      wallet: z.string().min(1).default("default"),
      hotkey: z.string().min(1).default("default"),
      "wallets-dir": z.string().min(1).default(DEFAULT_WALLETS_DIR),
      "dev-uri": z.string().min(1).optional(),
      "gpu-model": z.string().min(1),
      "gpu-count": positiveInt,
      "gpu-driver": z.string().min(1),
      weights: z.string().min(1).optional(),
      corpus: z.string().min(1).default(SHIPPED_CORPUS),
      "context-chars": positiveInt.default(DEFAULT_CONTEXT_CHARS),
      "spool-dir": z.string().min(1).default(path.join(STATE_DIR, "spool")),
      "cache-dir": z.string().min(1).default(path.join(STATE_DIR, "baseline")),
      "report-dir": z.string().min(1).default(DEFAULT_REPORT_DIR),
      driver: z.enum(["docker", "process"]).default("docker"),
      "docker-bin": z.string().min(1).default("docker"),
      "docker-network": z.string().min(1).default("cacheon-eval"),
      "shm-size": z
        .string()
        .regex(/^[0-9]+[bkmg]?$/, "expected a size like 32g")
        .default("32g"),
      "insecure-registries": z.string().default(""),
      "gpu-reset-command": z.string().min(1).optional(),
      "process-command": z.string().min(1).optional(),
      "baseline-image": baselineImage.default(CURRENT_PARAMS.baseline.image),
      "baseline-version": z.string().min(1).optional(),
      "baseline-args": z.string().min(1).optional(),
      "prompt-timeout-ms": positiveInt.default(DEFAULT_PARAMS.promptTimeoutMs),
      "health-timeout-ms": positiveInt.default(DEFAULT_PARAMS.healthTimeoutMs),
      "health-poll-ms": positiveInt.default(DEFAULT_PARAMS.healthPollMs),
      "poll-interval-ms": positiveInt.default(30_000),
      "verify-batch": positiveInt.default(4),
      "log-level": z.enum(["debug", "info", "warn", "error"]).default("info"),
    })
    .superRefine((c, ctx) => {
      if (c.driver === "docker" && c.weights === undefined)
        ctx.addIssue({
          code: "custom",
          path: ["weights"],
          message: "the docker driver needs the weights folder",
        });
      if (c.driver === "process" && c["process-command"] === undefined)
        ctx.addIssue({
          code: "custom",
          path: ["process-command"],
          message: "the process driver needs a command",
        });
    });

export interface RunnerConfig {
  readonly apiUrl: string;
  readonly signedFor: string;
  readonly identity: HotkeySource;
  readonly gpu: { readonly model: string; readonly count: number; readonly driver: string };
  readonly weightsPath: string | null;
  readonly corpusPath: string;
  readonly contextChars: number;
  readonly spoolDir: string;
  readonly cacheDir: string;
  readonly reportDir: string;
  readonly driver:
    | {
        readonly kind: "docker";
        readonly bin: string;
        readonly network: string;
        readonly shmSize: string;
        readonly insecureRegistries: readonly string[];
        readonly gpuResetCommand: string | null;
      }
    | { readonly kind: "process"; readonly command: string };
  readonly baseline: {
    readonly image: string;
    readonly digest: string;
    readonly version: string;
    readonly args: string[];
  };
  readonly timeouts: { readonly promptMs: number; readonly healthMs: number; readonly healthPollMs: number };
  readonly pollIntervalMs: number;
  readonly verifyBatch: number;
  readonly once: boolean;
  readonly logLevel: "debug" | "info" | "warn" | "error";
}

export type GpuInfo = { model: string; count: number; driver: string } | null;

export const USAGE = [
  "usage: node --import tsx workers/runner/main.ts --api-url URL (--wallet W --hotkey H | --dev-uri //Validator1)",
  "       --weights /path [--once] [options]   (the baseline is the protocol's pinned vLLM)",
  "       node --import tsx workers/runner/main.ts doctor [the same options]   checks the pod, says what to fix",
  "       … main.ts evaluate --image REF@sha256:… [options]   a miner's own evaluation, nothing posted",
  "       … main.ts reproduce RUN_ID --api-url URL [options]   re-runs a posted run here and compares",
  "       … main.ts status [--report-dir DIR]   what the runner on this pod is doing, its last jobs",
  "       … main.ts corpus download [--dir DIR] [--source URL]   fetches the pinned PG19 split, checks its identity",
  "",
  ...Object.entries(OPTIONS).map(([flag, [env, text]]) => `  --${flag.padEnd(20)} ${env.padEnd(28)} ${text}`),
  `  --${"once".padEnd(20)} ${"".padEnd(28)} process the jobs available now, deliver the spool, exit`,
  "",
  "bittensor's names work too: --wallet.name (BT_WALLET_NAME), --wallet.hotkey (BT_WALLET_HOTKEY),",
  "--wallet.path (BT_WALLET_PATH); the runner's own flag or variable wins when both are given.",
].join("\n");

function tagOf(image: string): string | null {
  const name = image.split("@")[0] as string;
  const colon = name.lastIndexOf(":");
  return colon > name.lastIndexOf("/") ? name.slice(colon + 1) : null;
}

/** `runner status` needs only the report folder: --report-dir, else RUNNER_REPORT_DIR, else the default. */
export function reportDirFrom(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): string {
  let flags: { "report-dir"?: string };
  try {
    flags = parseArgs({
      args: [...argv],
      options: { "report-dir": { type: "string" } },
      strict: true,
    }).values;
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}\n\nusage: runner status [--report-dir DIR]`);
  }
  return path.resolve(flags["report-dir"] || env.RUNNER_REPORT_DIR || DEFAULT_REPORT_DIR);
}

/** Reads flags and RUNNER_* variables; throws ConfigError naming every bad or missing setting. */
export function loadConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  detectGpu: () => GpuInfo = () => null,
  mode: { readonly needsApi?: boolean } = {},
): RunnerConfig {
  const names = [...Object.keys(OPTIONS), ...Object.values(BITTENSOR_ALIASES).map(([flag]) => flag)];
  const options = Object.fromEntries(names.map((k) => [k, { type: "string" as const }]));
  let flags: Record<string, string | boolean | undefined>;
  try {
    flags = parseArgs({
      args: [...argv],
      options: { ...options, once: { type: "boolean" } },
      strict: true,
    }).values;
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}\n\n${USAGE}`);
  }
  const raw: Record<string, string | undefined> = {};
  for (const [flag, [variable]] of Object.entries(OPTIONS) as [OptionName, readonly [string, string]][]) {
    const [aliasFlag, aliasVariable] = BITTENSOR_ALIASES[flag] ?? [];
    const value = [
      flags[flag],
      aliasFlag === undefined ? undefined : flags[aliasFlag],
      env[variable],
      aliasVariable === undefined ? undefined : env[aliasVariable],
    ].find((v) => typeof v === "string" && v !== "");
    raw[flag] = typeof value === "string" ? value : undefined;
  }
  // Only ask nvidia-smi when the operator did not say: it is absent on CPU-only test machines.
  if (raw["gpu-model"] === undefined || raw["gpu-count"] === undefined || raw["gpu-driver"] === undefined) {
    const gpu = detectGpu();
    raw["gpu-model"] ??= gpu?.model;
    raw["gpu-count"] ??= gpu === null ? undefined : String(gpu.count);
    raw["gpu-driver"] ??= gpu?.driver;
  }
  const parsed = schemaFor(mode.needsApi ?? true).safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const flag = String(issue.path[0] ?? "");
      const variable = (OPTIONS as Record<string, readonly [string, string]>)[flag]?.[0] ?? "";
      // zod's wording for an absent value is "expected string, received undefined": say it plainly.
      const message = /received undefined/.test(issue.message) ? "required, not set" : issue.message;
      return `  --${flag} (${variable}): ${message}`;
    });
    throw new ConfigError(`invalid runner configuration:\n${lines.join("\n")}\n\n${USAGE}`);
  }
  const c = parsed.data;
  const [image, digest] = c["baseline-image"].split("@") as [string, string];
  return {
    apiUrl: (c["api-url"] ?? "").replace(/\/+$/, ""),
    signedFor: c["signed-for"],
    identity:
      c["dev-uri"] !== undefined
        ? { kind: "uri", uri: c["dev-uri"] }
        : {
            kind: "wallet",
            walletsDir: expandHome(c["wallets-dir"]),
            wallet: c.wallet,
            hotkey: c.hotkey,
          },
    gpu: { model: c["gpu-model"], count: c["gpu-count"], driver: c["gpu-driver"] },
    weightsPath: c.weights ?? null,
    corpusPath: path.resolve(c.corpus),
    contextChars: c["context-chars"],
    spoolDir: path.resolve(c["spool-dir"]),
    cacheDir: path.resolve(c["cache-dir"]),
    reportDir: path.resolve(c["report-dir"]),
    driver:
      c.driver === "docker"
        ? {
            kind: "docker",
            bin: c["docker-bin"],
            network: c["docker-network"],
            shmSize: c["shm-size"],
            insecureRegistries: c["insecure-registries"]
              .split(",")
              .map((s) => s.trim())
              .filter(Boolean),
            gpuResetCommand: c["gpu-reset-command"] ?? null,
          }
        : { kind: "process", command: c["process-command"] as string },
    baseline: {
      image,
      digest,
      version: c["baseline-version"] ?? tagOf(image) ?? "unknown",
      args:
        c["baseline-args"] === undefined
          ? pinnedBaselineArgs(CURRENT_PARAMS, c["gpu-count"])
          : c["baseline-args"].replaceAll("{gpuCount}", String(c["gpu-count"])).split(/\s+/).filter(Boolean),
    },
    timeouts: {
      promptMs: c["prompt-timeout-ms"],
      healthMs: c["health-timeout-ms"],
      healthPollMs: c["health-poll-ms"],
    },
    pollIntervalMs: c["poll-interval-ms"],
    verifyBatch: c["verify-batch"],
    once: flags.once === true,
    logLevel: c["log-level"],
  };
}
