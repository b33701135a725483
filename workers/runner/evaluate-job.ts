import { baselineCacheKey, type BaselineCache, type BaselineRecord } from "@/workers/runner/engine/baseline";
import type { Corpus } from "@/workers/runner/engine/corpus";
import type { ContainerDriver } from "@/workers/runner/engine/driver";
import { evaluateImage } from "@/workers/runner/engine/evaluate-image";
import { EvalAborted, EvalFailure, runnerError } from "@/workers/runner/engine/failure";
import type { LiveFn } from "@/workers/runner/engine/live";
import type { ProgressFn } from "@/workers/runner/engine/passes";
import {
  buildPromptSet,
  PROMPT_ENGINE_VERSION,
  submissionOrder,
  type PromptSet,
} from "@/workers/runner/engine/prompts";
import type { EvalSettings } from "@/workers/runner/engine/settings";
import { buildRun, type EvalOutcome, type RunContext } from "@/workers/runner/engine/run-builder";
import { withVerifySession } from "@/workers/runner/engine/verify-session";
import type { OutputVerification } from "@/lib/protocol/verification";
import type { Logger } from "@/lib/log";
import { paramsAt, PARAMS_VERSIONS, type ParamsVersion, type ProtocolParams } from "@/lib/protocol/params";
import type { RunV1 } from "@/lib/protocol/run-schema";
import { SHIPPED_CORPUS_SHA256 } from "@/lib/protocol/corpus";

import { pinnedSetup, setupDifferences } from "./baseline-setup";
import type { Job } from "./jobs";
import type { WeightsRevision } from "./weights-revision";

export interface BaselineImage {
  readonly engine: string;
  readonly image: string;
  readonly digest: string;
  readonly version: string;
  readonly args: readonly string[];
}

export interface JobEvaluatorOptions {
  readonly driver: ContainerDriver;
  readonly corpus: Corpus;
  readonly contextChars: number;
  readonly settings: EvalSettings;
  readonly params: ProtocolParams;
  readonly baselineCache: BaselineCache;
  readonly baseline: BaselineImage;
  /** The commit of the mounted weights, as read at start (weights-revision.ts). */
  readonly weightsRevision: WeightsRevision;
  /** The protocol's versions, for the baseline pinned at a job's seed block (tests pin their own). */
  readonly versions?: readonly ParamsVersion[];
  readonly validatorHotkey: string;
  readonly runner: RunContext["runner"];
  readonly log: Logger;
  /** The operator's terminal, told what is never posted (pull bytes, the health wait); none without one. */
  readonly live?: LiveFn;
}

/** A job whose submission has been measured (or has failed), waiting for verification and its run. */
export interface MeasuredJob {
  readonly job: Job;
  readonly runId: string;
  readonly startedAt: Date;
  readonly progress: ProgressFn;
  /** null when the job failed before its prompts were built. */
  readonly set: PromptSet | null;
  readonly outcome: EvalOutcome;
  readonly logTail: string;
  /** The submission's container log, whole (its last FULL_LOG_BYTES), for the job report; "" if none ran. */
  readonly containerLog: string;
}

function promptAt(set: PromptSet, index: number) {
  const prompt = set.scored.find((p) => p.index === index);
  if (prompt === undefined) throw new Error(`no scored prompt ${index} in this round's prompt set`);
  return prompt;
}

/** One job, from prompts to the validated `cacheon.run.v1`: baseline (cached), submission, outcome. */
export class JobEvaluator {
  private prompts: { blockHash: string; set: PromptSet } | null = null;

  constructor(private readonly o: JobEvaluatorOptions) {}

  /**
   * Why this runner must not evaluate the job, one line per reason; empty when it may. Its prompts must come
   * from the corpus the job's seed names (the pinned one when an older explorer names none), verified by
   * its identity. On a public network the baseline must be the one pinned at the job's seed block, or every
   * submission would be measured against another server; a demo network's jobs (the shipped corpus) run on
   * stand-ins, and only they may run on the process driver, which starts no vLLM.
   */
  refusal(job: Job): string[] {
    const { baseline, runner, weightsRevision, corpus } = this.o;
    const params = paramsAt(job.seed.block, this.o.versions ?? PARAMS_VERSIONS);
    const wanted = job.seed.corpusSha256 === undefined ? params.corpus.sha256 : job.seed.corpusSha256;
    const problems: string[] = [];
    const pinnedCorpus = `${params.corpus.dataset} ${params.corpus.split} at ${params.corpus.revision}`;
    if (wanted === null)
      problems.push(`prompt corpus: the protocol has not pinned the identity of ${pinnedCorpus} yet`);
    else if (wanted !== corpus.sha256)
      problems.push(
        `prompt corpus: ${corpus.root} is ${corpus.sha256}, the job's prompts need ${
          wanted === SHIPPED_CORPUS_SHA256 ? "the shipped demo corpus" : pinnedCorpus
        } (${wanted}): check --corpus${
          wanted === SHIPPED_CORPUS_SHA256 ? "" : " (runner corpus download fetches it)"
        }`,
      );
    if (wanted === SHIPPED_CORPUS_SHA256) return problems;
    if (this.o.driver.kind === "process")
      return [
        ...problems,
        "the process driver runs stand-ins, not the pinned vLLM: only a demo network's jobs",
      ];
    const pinned = pinnedSetup(params, runner.gpu.count);
    return [
      ...problems,
      ...setupDifferences(pinned, {
        image: `${baseline.image}@${baseline.digest}`,
        args: baseline.args,
        weightsRevision: weightsRevision.revision,
        weightsRevisionSource: weightsRevision.source,
      }),
    ];
  }

  private promptSet(blockHash: string): PromptSet {
    if (this.prompts?.blockHash !== blockHash) {
      const { params, contextChars, corpus } = this.o;
      const set = buildPromptSet(blockHash, corpus, {
        scored: params.scoredPrompts,
        warmups: params.warmupPrompts,
        contextChars,
      });
      this.prompts = { blockHash, set };
    }
    return this.prompts.set;
  }

  private async baseline(
    job: Job,
    set: PromptSet,
    signal: AbortSignal,
    progress: ProgressFn,
  ): Promise<BaselineRecord> {
    const { baseline, settings, runner, baselineCache } = this.o;
    const image = `${baseline.image}@${baseline.digest}`;
    const key = baselineCacheKey({
      blockHash: job.seed.blockHash,
      promptEngineVersion: PROMPT_ENGINE_VERSION,
      corpusSha256: this.o.corpus.sha256,
      contextChars: this.o.contextChars,
      hardware: `${runner.gpu.count}x ${runner.gpu.model} (driver ${runner.gpu.driver})`,
      image,
      baselineArgs: baseline.args.join(" "),
      weightsRevision: this.o.weightsRevision.revision ?? "unknown",
      model: settings.model,
      maxTokens: settings.maxTokens,
      passes: settings.passes,
    });
    const cached = await baselineCache.get(key);
    if (cached !== null) return cached;
    this.o.log.info("measuring the baseline", { image, seedBlock: job.seed.block });
    try {
      const measured = await evaluateImage({
        driver: this.o.driver,
        spec: {
          image: baseline.image,
          digest: baseline.digest,
          name: `cacheon-baseline-${key.slice(0, 12)}`,
          args: baseline.args,
        },
        warmups: set.warmups,
        scored: set.scored,
        settings,
        signal,
        progress: (phase, detail, prompt) => progress(phase, `baseline: ${detail}`, prompt),
        live: this.o.live,
      });
      const record: BaselineRecord = {
        key,
        measuredAt: new Date().toISOString(),
        engine: baseline.engine,
        version: baseline.version,
        image,
        prompts: measured.prompts,
      };
      await baselineCache.put(record);
      return record;
    } catch (error) {
      if (error instanceof EvalAborted) throw error;
      // Whatever broke the pinned vLLM is the validator's problem, never the miner's.
      const why = error instanceof EvalFailure ? `${error.reason}: ${error.message}` : String(error);
      throw new EvalFailure(
        "runner_error",
        error instanceof EvalFailure ? error.stage : "starting",
        `the baseline could not be measured (${why})`,
        error instanceof EvalFailure ? error.logTail : "",
      );
    }
  }

  /** Throws EvalAborted when stopped; every other outcome, the runner's own faults included, is a run. */
  async evaluate(job: Job, runId: string, signal: AbortSignal, progress: ProgressFn): Promise<RunV1> {
    const [run] = await this.conclude([await this.measure(job, runId, signal, progress)], signal);
    if (run === undefined) throw new Error("conclude() returned no run");
    return run;
  }

  /**
   * The submission's part of a job: baseline (cached), prompts, passes, its container removed. Throws
   * EvalAborted when stopped; every failure is recorded in the result.
   */
  async measure(job: Job, runId: string, signal: AbortSignal, progress: ProgressFn): Promise<MeasuredJob> {
    const startedAt = new Date();
    let baseline: BaselineRecord | null = null;
    let containerLog = "";
    try {
      const set = this.promptSet(job.seed.blockHash);
      baseline = await this.baseline(job, set, signal, progress);
      const spec = { image: job.submission.image, digest: job.submission.digest, name: `cacheon-${runId}` };
      const measured = await evaluateImage({
        driver: this.o.driver,
        spec,
        warmups: set.warmups,
        scored: submissionOrder(set.scored, job.seed.blockHash, job.submission),
        settings: this.o.settings,
        signal,
        progress,
        live: this.o.live,
        onLog: (log) => {
          containerLog = log;
        },
        // The miner's image goes once its container is removed, whatever the outcome (the disk must not fill).
      }).finally(() => this.o.driver.removeImage?.(spec));
      const outcome: EvalOutcome = { kind: "measured", prompts: measured.prompts, baseline };
      return { job, runId, startedAt, progress, set, outcome, logTail: measured.logTail, containerLog };
    } catch (error) {
      if (error instanceof EvalAborted) throw error;
      const failure = error instanceof EvalFailure ? error : runnerError("starting", error);
      return {
        job,
        runId,
        startedAt,
        progress,
        set: null,
        outcome: { kind: "failed", failure, baseline },
        logTail: "",
        containerLog,
      };
    }
  }

  /**
   * Verifies the measured jobs' timed outputs in one baseline session (started only if one needs it) and
   * builds their runs, in order. Throws EvalAborted when stopped.
   */
  async conclude(jobs: readonly MeasuredJob[], signal: AbortSignal): Promise<RunV1[]> {
    const { baseline: b, settings } = this.o;
    const toVerify =
      settings.verification === "full" ? jobs.filter((j) => j.outcome.kind === "measured") : [];
    const verified = new Map<string, ReadonlyMap<number, OutputVerification> | EvalFailure>();
    if (toVerify.length > 0) {
      const shared = toVerify.length > 1 ? ` (one session for ${toVerify.length} jobs)` : "";
      for (const j of toVerify) j.progress("correctness", `verification: starting the baseline${shared}`);
      const spec = {
        image: b.image,
        digest: b.digest,
        name: `cacheon-verify-${toVerify[0]?.runId}`,
        args: b.args,
      };
      const session = { driver: this.o.driver, spec, settings, signal, live: this.o.live };
      try {
        // After the submissions' containers are gone: their timed outputs, token by token, under the baseline.
        await withVerifySession(session, async (verify) => {
          for (const j of toVerify) {
            if (j.outcome.kind !== "measured" || j.set === null) continue;
            const set = j.set;
            j.progress(
              "correctness",
              `verification: ${j.outcome.prompts.length} timed outputs under the baseline`,
            );
            try {
              verified.set(
                j.runId,
                await verify(
                  j.outcome.prompts.map((m) => ({ prompt: promptAt(set, m.index), text: m.speedText })),
                ),
              );
            } catch (error) {
              if (!(error instanceof EvalFailure)) throw error;
              verified.set(j.runId, error);
            }
          }
        });
      } catch (error) {
        if (!(error instanceof EvalFailure)) throw error;
        for (const j of toVerify) if (!verified.has(j.runId)) verified.set(j.runId, error);
      }
    }
    return jobs.map((j) => {
      const v = verified.get(j.runId);
      const outcome: EvalOutcome =
        v instanceof EvalFailure
          ? { kind: "failed", failure: v, baseline: j.outcome.baseline }
          : j.outcome.kind === "measured" && v !== undefined
            ? { ...j.outcome, verified: v }
            : j.outcome;
      return this.build(j, outcome);
    });
  }

  private build(j: MeasuredJob, outcome: EvalOutcome): RunV1 {
    const { baseline: b } = this.o;
    const context = (): RunContext => ({
      runId: j.runId,
      netuid: 14,
      submission: j.job.submission,
      // The corpus the prompts were built from, as verified at load (refusal() made it the job's).
      seed: { block: j.job.seed.block, blockHash: j.job.seed.blockHash, corpusSha256: this.o.corpus.sha256 },
      validatorHotkey: this.o.validatorHotkey,
      runner: this.o.runner,
      startedAt: j.startedAt,
      finishedAt: new Date(),
      baselineInfo: { engine: b.engine, version: b.version, image: `${b.image}@${b.digest}` },
      correctness: this.o.settings.correctness,
      verification: this.o.settings.verification,
      weights: { ttftWeight: this.o.params.ttftWeight, throughputWeight: this.o.params.throughputWeight },
    });
    try {
      return buildRun(context(), outcome, j.logTail);
    } catch (error) {
      // A run the schema refuses is a runner bug: report it as such rather than lose the evaluation.
      this.o.log.error("could not build the run", { runId: j.runId, error });
      return buildRun(context(), {
        kind: "failed",
        failure: runnerError("uploading", error),
        baseline: outcome.baseline,
      });
    }
  }
}
