import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";

import { loadCorpus } from "@/workers/runner/engine/corpus";
import { createLogger } from "@/lib/log";
import type { RunV1 } from "@/lib/protocol/run-schema";

import type { RunnerConfig } from "./config";
import type { Job } from "./jobs";
import { configuredWeightsRevision, makeEvaluator } from "./start";

// `runner evaluate --image REF@DIGEST`: a miner runs the whole evaluation on its own pod, against the pinned
// baseline, exactly as a validator's runner would, and reads the run's outcome. Nothing is posted or signed.

export interface EvaluateRequest {
  readonly image: string;
  readonly digest: string;
  /** Decides the prompts and their order, as the round's block hash and the miner's hotkey do. */
  readonly seed: { readonly block: number; readonly blockHash: string };
  readonly minerHotkey: string | null;
}

/** Pulls `--image`, `--seed-block`, `--seed-hash` and `--miner-hotkey` out of the arguments. */
export function takeEvaluateArgs(argv: readonly string[]): { request: EvaluateRequest; rest: string[] } {
  const rest: string[] = [];
  const taken = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const name = ["--image", "--seed-block", "--seed-hash", "--miner-hotkey"].find(
      (n) => arg === n || arg.startsWith(`${n}=`),
    );
    if (name === undefined) rest.push(arg);
    else taken.set(name, arg.includes("=") ? arg.slice(name.length + 1) : (argv[++i] ?? ""));
  }
  const image = taken.get("--image") ?? "";
  const at = image.lastIndexOf("@");
  if (at <= 0 || !/^sha256:[0-9a-f]{64}$/.test(image.slice(at + 1)))
    throw new Error(
      "runner evaluate needs --image name[:tag]@sha256:<64 lowercase hex> (the committed digest)",
    );
  const blockHash = taken.get("--seed-hash") ?? `0x${"00".repeat(32)}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(blockHash)) throw new Error("--seed-hash must be 0x + 64 hex");
  const block = Number(taken.get("--seed-block") ?? "0");
  if (!Number.isInteger(block) || block < 0) throw new Error("--seed-block must be a block number");
  return {
    request: {
      image: image.slice(0, at),
      digest: image.slice(at + 1),
      seed: { block, blockHash: blockHash.toLowerCase() },
      minerHotkey: taken.get("--miner-hotkey") ?? null,
    },
    rest,
  };
}

const percent = (x: number) => `${(100 * x).toFixed(1)} %`;

/** What a miner reads: the outcome, the medians beside the baseline's, the score, and why it failed. */
export function formatEvaluation(run: RunV1): string {
  const s = run.summary;
  const lines = [`image       ${run.submission.image}@${run.submission.digest}`];
  if (run.outcome === "failed") {
    lines.push(
      `outcome     failed: ${run.failure.reason} at ${run.failure.stage}`,
      `            ${run.failure.message}`,
    );
  } else lines.push("outcome     scored");
  if (run.prompts.length > 0) {
    lines.push(
      `TTFT        median ${s.medianTtftMs.toFixed(1)} ms, baseline ${run.baseline.medianTtftMs.toFixed(1)} ms: ${percent(s.ttftImprovement)} better`,
      `throughput  median ${s.medianThroughputTps.toFixed(0)} tok/s, baseline ${run.baseline.medianThroughputTps.toFixed(0)} tok/s: ${percent(s.throughputImprovement)} better`,
      `correctness ${run.prompts.filter((p) => p.passed).length} of ${run.prompts.length} prompts passed; token match ${percent(s.tokenMatchRate)}`,
    );
  }
  lines.push(`score       ${percent(s.score)}`);
  return lines.join("\n");
}

/** Runs one evaluation as a validator's runner would, and returns the run it would post. */
export async function runEvaluation(config: RunnerConfig, request: EvaluateRequest): Promise<RunV1> {
  await cryptoWaitReady();
  const log = createLogger({ process: "runner-evaluate" }, config.logLevel);
  // The miner's own hotkey orders the prompts as a validator's runner would; a stand-in key otherwise.
  const minerHotkey =
    request.minerHotkey ?? new Keyring({ type: "sr25519", ss58Format: 42 }).addFromUri("//Miner").address;
  const { driver, evaluator } = makeEvaluator(
    config,
    loadCorpus(config.corpusPath),
    minerHotkey,
    log,
    await configuredWeightsRevision(config),
  );
  await driver.removeLeftovers?.();
  const job: Job = {
    submissionId: "local",
    submission: {
      hotkey: minerHotkey,
      image: request.image,
      digest: request.digest,
      commitBlock: request.seed.block,
    },
    seed: request.seed,
  };
  // Nothing is posted, so what a validator's runner would refuse (another baseline, another corpus) is said,
  // not refused: the figures then differ from a validator's.
  for (const difference of evaluator.refusal(job))
    log.warn("a validator's runner would refuse this setup", { difference });
  const abort = new AbortController();
  process.once("SIGINT", () => abort.abort());
  return evaluator.evaluate(job, crypto.randomUUID(), abort.signal, (phase, detail) =>
    log.info(phase, { detail }),
  );
}

/** `runner evaluate`: the exit code is 0 when the image scored. */
export async function evaluate(config: RunnerConfig, request: EvaluateRequest): Promise<number> {
  const run = await runEvaluation(config, request);
  console.log(formatEvaluation(run));
  return run.outcome === "scored" ? 0 : 1;
}
