// Wiring of the runner from a validated configuration (main.ts loads this only once the configuration is
// valid, so a bad flag is reported before sr25519's WASM and the rest are loaded).
import os from "node:os";

import { BaselineCache } from "@/workers/runner/engine/baseline";
import { loadCorpus, type Corpus } from "@/workers/runner/engine/corpus";
import type { ContainerDriver } from "@/workers/runner/engine/driver";
import { evalSettingsFrom } from "@/workers/runner/engine/settings";
import { createLogger, type Logger } from "@/lib/log";
import { DEFAULT_PARAMS } from "@/lib/protocol/params";
import { onShutdown } from "@/workers/shared/shutdown";

import { ApiClient } from "./api-client";
import type { RunnerConfig } from "./config";
import { doctorFor, DoctorFailed } from "./doctor-run";
import { createDockerDriver } from "./drivers/docker";
import { dockerConfigCredentials } from "./drivers/docker-credentials";
import { execCommand, type Exec } from "./drivers/exec";
import { createProcessDriver, splitCommand } from "./drivers/process";
import { JobEvaluator } from "./evaluate-job";
import { Runner } from "./loop";
import { ReportStore } from "./job-report";
import { OperatorView } from "./operator-view";
import { Spool } from "./spool";
import { StatusLine, terminalSink, type TerminalOut } from "./terminal";
import { RUNNER_VERSION } from "./version";
import { loadHotkey } from "./wallet";
import { readWeightsRevision, type WeightsRevision } from "./weights-revision";

/** A configured shell-free command line, split like the process driver's. */
function commandExec(line: string): Exec {
  const [bin, ...args] = splitCommand(line);
  const exec = execCommand(bin as string);
  return (extra, options) => exec([...args, ...extra], options);
}

function makeDriver(config: RunnerConfig, log: Logger): ContainerDriver {
  const d = config.driver;
  if (d.kind === "process")
    return createProcessDriver({ command: d.command, weightsPath: config.weightsPath });
  return createDockerDriver({
    exec: execCommand(d.bin),
    weightsPath: config.weightsPath as string,
    network: d.network,
    shmSize: d.shmSize,
    params: DEFAULT_PARAMS,
    gpuCount: config.gpu.count,
    log: log.child({ driver: "docker" }),
    registry: { insecure: d.insecureRegistries, credentials: dockerConfigCredentials() },
    resetCommand: d.gpuResetCommand === null ? undefined : commandExec(d.gpuResetCommand),
  });
}

/** The commit of the configured weights folder (read once: the folder is mounted read-only). */
export function configuredWeightsRevision(config: RunnerConfig): Promise<WeightsRevision> {
  return config.weightsPath === null
    ? Promise.resolve({ revision: null, source: "no --weights folder" })
    : readWeightsRevision(config.weightsPath);
}

/** The evaluation as the runner does it: the loop's, and `runner evaluate`'s on a miner's own pod. */
export function makeEvaluator(
  config: RunnerConfig,
  corpus: Corpus,
  validatorHotkey: string,
  log: Logger,
  weightsRevision: WeightsRevision,
  /** The terminal's status line, told what is never posted; none without a terminal. */
  line: StatusLine | null = null,
): { driver: ContainerDriver; evaluator: JobEvaluator } {
  const params = DEFAULT_PARAMS;
  const driver = makeDriver(config, log);
  const evaluator = new JobEvaluator({
    driver,
    corpus,
    contextChars: config.contextChars,
    settings: evalSettingsFrom(params, {
      promptTimeoutMs: config.timeouts.promptMs,
      healthTimeoutMs: config.timeouts.healthMs,
      healthPollMs: config.timeouts.healthPollMs,
    }),
    params,
    baselineCache: new BaselineCache(config.cacheDir),
    baseline: { engine: "vllm", ...config.baseline },
    weightsRevision,
    validatorHotkey,
    runner: { version: RUNNER_VERSION, gpu: config.gpu, host: os.hostname() },
    log,
    live: line === null ? undefined : (note) => line.live(note),
  });
  return { driver, evaluator };
}

/**
 * How the runner speaks to its operator: in a terminal, log lines in words under a live status line; otherwise
 * (systemd, a pipe) one JSON object a line and no status line.
 */
export function operatorOutput(
  out: TerminalOut,
  logLevel: RunnerConfig["logLevel"],
): { log: Logger; line: StatusLine | null } {
  const bindings = { process: "runner", version: RUNNER_VERSION };
  if (out.isTTY !== true) return { log: createLogger(bindings, logLevel), line: null };
  const line = new StatusLine(out);
  return { log: createLogger(bindings, logLevel, terminalSink(line)), line };
}

export async function startRunner(config: RunnerConfig): Promise<void> {
  const { log, line } = operatorOutput(process.stdout, config.logLevel);
  const pair = await loadHotkey(config.identity);
  const corpus = loadCorpus(config.corpusPath);
  log.info("runner starting", {
    hotkey: pair.address,
    api: config.apiUrl,
    driver: config.driver.kind,
    gpu: config.gpu,
    corpus: { path: config.corpusPath, books: corpus.files.length, sha256: corpus.sha256 },
    spool: config.spoolDir,
    reports: config.reportDir,
  });
  const api = new ApiClient({ baseUrl: config.apiUrl, signer: pair, signedFor: config.signedFor });
  // The pod is checked before any job: a setup fault found now is not a stream of runner_error runs later.
  // The explorer being down or the permit missing is not fatal here: the loop waits for them.
  const checks = await doctorFor(config, api, pair.address);
  for (const check of checks)
    if (check.status !== "pass")
      log.warn("doctor", { check: check.name, status: check.status, detail: check.detail, fix: check.fix });
  const fatal = checks.filter(
    (c) => c.status === "fail" && c.name !== "explorer" && c.name !== "validator permit",
  );
  if (fatal.length > 0) throw new DoctorFailed(fatal);
  const spool = new Spool(config.spoolDir);
  const { driver, evaluator } = makeEvaluator(
    config,
    corpus,
    pair.address,
    log,
    await configuredWeightsRevision(config),
    line,
  );
  await driver.removeLeftovers?.();
  const watcher = new OperatorView({ reports: new ReportStore(config.reportDir), log, line });
  const runner = new Runner({
    api,
    spool,
    evaluator,
    log,
    pollIntervalMs: config.pollIntervalMs,
    verifyBatch: config.verifyBatch,
    watcher,
  });
  onShutdown(log, () => runner.stop());
  if (config.once) {
    const { remaining } = await runner.runOnce();
    await watcher.flush();
    if (remaining > 0)
      log.warn("runs remain in the spool; they are delivered on the next start", { remaining });
    process.exit(0);
  }
  await runner.start();
}
