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
import type { TestExplorer } from "./test-explorer";

// Wiring for the end-to-end tests: the real runner with the process driver, the reference server standing in
// for every image (its tag picks the behaviour), and short timeouts.

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const REFERENCE_COMMAND = `${process.execPath} --import tsx workers/reference-server/main.ts --port {port} --tag {tag}`;
export const digestOf = (image: string) => `sha256:${createHash("sha256").update(image).digest("hex")}`;

/** The runner's flags for the process driver on a CPU, `command` standing in for every image and the baseline. */
export const processDriverFlags = (command: string, baselineImage: string): string[] => [
  ...["--driver", "process", "--process-command", command],
  ...["--baseline-image", `${baselineImage}@${digestOf(baselineImage)}`],
  ...["--gpu-model", "CPU", "--gpu-count", "1", "--gpu-driver", "none"],
];

/** The runner's flags for the process driver, the reference server standing in for every image and the baseline. */
export const referenceRunnerFlags = (baselineImage: string, cacheDir: string): string[] => [
  ...processDriverFlags(REFERENCE_COMMAND, baselineImage),
  ...["--context-chars", "2000", "--health-poll-ms", "50", "--cache-dir", cacheDir],
  // Beside the cache: a test never writes job reports into the home folder.
  ...["--report-dir", path.join(path.dirname(cacheDir), "reports")],
];

/** The runner's flags that point it at a test explorer, signing as //Validator1 (whom it permits). */
export const explorerFlags = (explorer: Pick<TestExplorer, "url" | "signedFor">): string[] => [
  ...["--api-url", explorer.url, "--signed-for", explorer.signedFor, "--dev-uri", "//Validator1"],
];

export const keyring = () => new Keyring({ type: "sr25519", ss58Format: 42 });

export interface TestRunnerOptions {
  readonly explorer: Pick<TestExplorer, "url" | "signedFor">;
  /** Default: //Validator1, whom the test explorer's metagraph permits. */
  readonly validator?: KeyringPair;
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
  const validator = o.validator ?? keyring().addFromUri("//Validator1");
  const api = new ApiClient({ baseUrl: o.explorer.url, signer: validator, signedFor: o.explorer.signedFor });
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
    validatorHotkey: validator.address,
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
