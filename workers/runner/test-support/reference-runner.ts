import { createHash } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { Keyring } from "@polkadot/keyring";
import type { KeyringPair } from "@polkadot/keyring/types";

import { BaselineCache } from "@/workers/runner/engine/baseline";
import { loadCorpus } from "@/workers/runner/engine/corpus";
import type { ContainerDriver } from "@/workers/runner/engine/driver";
import { evalSettingsFrom, type EvalSettings } from "@/workers/runner/engine/settings";
import { createLogger } from "@/lib/log";
import { DEFAULT_PARAMS, type ParamsVersion, type ProtocolParams } from "@/lib/protocol/params";

import { ApiClient } from "../api-client";
import { Delivery } from "../delivery";
import { createProcessDriver } from "../drivers/process";
import { JobEvaluator } from "../evaluate-job";
import { Runner } from "../loop";
import { Spool } from "../spool";
import type { JobWatcher } from "../operator-view";
import type { WeightsRevision } from "../weights-revision";

// Wiring for the end-to-end tests: the real runner with the process driver, the reference server standing in
// for every image (its tag picks the behaviour), and short timeouts.

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const REFERENCE_COMMAND = `${process.execPath} --import tsx workers/reference-server/main.ts --port {port} --tag {tag}`;
export const digestOf = (image: string) => `sha256:${createHash("sha256").update(image).digest("hex")}`;

/** The runner's flags for the process driver, the reference server standing in for every image and the baseline. */
export function referenceRunnerFlags(baselineTag: string, cacheDir: string): string[] {
  return [
    "--driver",
    "process",
    "--process-command",
    REFERENCE_COMMAND,
    "--baseline-image",
    `${baselineTag}@${digestOf(baselineTag)}`,
    "--gpu-model",
    "CPU",
    "--gpu-count",
    "1",
    "--gpu-driver",
    "none",
    "--context-chars",
    "2000",
    "--health-poll-ms",
    "50",
    "--cache-dir",
    cacheDir,
    // Beside the cache: a test never writes job reports into the home folder.
    "--report-dir",
    path.join(path.dirname(cacheDir), "reports"),
  ];
}

export const keyring = () => new Keyring({ type: "sr25519", ss58Format: 42 });

export interface TestRunnerOptions {
  readonly apiUrl: string;
  readonly signedFor: string;
  readonly validator: KeyringPair;
  readonly spoolDir: string;
  readonly cacheDir: string;
  readonly baselineTag: string;
  readonly params?: ProtocolParams;
  readonly settings?: Partial<EvalSettings>;
  /** Stands between the runner and the process driver (a test's fault injection). */
  readonly wrapDriver?: (driver: ContainerDriver) => ContainerDriver;
  /** Jobs sharing one verification session (default 4). */
  readonly verifyBatch?: number;
  readonly weightsRevision?: WeightsRevision;
  /** Default: the shipped corpus. */
  readonly corpusPath?: string;
  readonly watcher?: JobWatcher;
  /** The protocol's versions the runner checks its setup against. */
  readonly versions?: readonly ParamsVersion[];
}

export const TEST_PARAMS: ProtocolParams = { ...DEFAULT_PARAMS, maxTokens: 16 };
export const TEST_SETTINGS: Partial<EvalSettings> = {
  healthPollMs: 50,
  healthTimeoutMs: 4_000,
  promptTimeoutMs: 2_000,
};

export function createTestRunner(o: TestRunnerOptions): { runner: Runner; spool: Spool } {
  const params = o.params ?? TEST_PARAMS;
  const log = createLogger({ test: "e2e" }, "warn");
  const api = new ApiClient({ baseUrl: o.apiUrl, signer: o.validator, signedFor: o.signedFor });
  const spool = new Spool(o.spoolDir);
  const baselineImage = `local/reference:${o.baselineTag}`;
  const evaluator = new JobEvaluator({
    driver: (o.wrapDriver ?? ((d) => d))(
      createProcessDriver({ command: REFERENCE_COMMAND, weightsPath: null, cwd: REPO_ROOT }),
    ),
    corpus: loadCorpus(o.corpusPath ?? path.join(REPO_ROOT, "corpus")),
    contextChars: 2_000,
    settings: evalSettingsFrom(params, { ...TEST_SETTINGS, ...o.settings }),
    params,
    baselineCache: new BaselineCache(o.cacheDir),
    baseline: {
      engine: "vllm",
      image: baselineImage,
      digest: digestOf(baselineImage),
      version: "reference",
      args: [],
    },
    weightsRevision: o.weightsRevision ?? { revision: null, source: "the process driver mounts no weights" },
    versions: o.versions,
    validatorHotkey: o.validator.address,
    runner: {
      version: "cacheon-runner/test",
      gpu: { model: "CPU", count: 1, driver: "none" },
      host: os.hostname(),
    },
    log,
  });
  const runner = new Runner({
    api,
    spool,
    delivery: new Delivery(spool, api, log, { baseMs: 50, maxMs: 200 }),
    evaluator,
    log,
    pollIntervalMs: 100,
    verifyBatch: o.verifyBatch ?? 4,
    watcher: o.watcher,
  });
  return { runner, spool };
}
