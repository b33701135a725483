import { checkPrompt, checkRun, speedPassMatches, type PromptCorrectness } from "@/lib/protocol/correctness";
import { runV1Schema, type RunV1 } from "@/lib/protocol/run-schema";
import { median, summarizeRun, throughputTps, type ScoreWeights } from "@/lib/protocol/scoring";
import type { Verification } from "@/lib/protocol/params";
import type { OutputVerification, VerificationFailure } from "@/lib/protocol/verification";

import type { BaselineRecord } from "./baseline";
import type { EvalFailure } from "./failure";
import type { PromptMeasurement } from "./measure";
import { utf8Tail } from "./log-tail";

// From measurements (or a failure) to the exact `cacheon.run.v1` object, validated before it leaves.

export interface RunContext {
  readonly runId: string;
  readonly netuid: 14;
  readonly submission: { hotkey: string; image: string; digest: string; commitBlock: number };
  readonly seed: { block: number; blockHash: string; corpusSha256?: string };
  readonly validatorHotkey: string;
  readonly runner: { version: string; gpu: { model: string; count: number; driver: string }; host: string };
  readonly startedAt: Date;
  readonly finishedAt: Date;
  /** Labels of the baseline, reported even when it could not be measured. */
  readonly baselineInfo: { engine: string; version: string; image: string };
  readonly correctness: { readonly maxLogprobGap: number; readonly topK: number };
  readonly weights?: ScoreWeights;
  /** The verification in force, recorded on a run that failed before its output could be verified. */
  readonly verification?: Verification;
}

export type EvalOutcome =
  | {
      readonly kind: "measured";
      readonly prompts: readonly PromptMeasurement[];
      readonly baseline: BaselineRecord;
      /**
       * Each scored prompt's timed output verified under the baseline, by prompt index (verification "full");
       * absent when the run used "first-divergence".
       */
      readonly verified?: ReadonlyMap<number, OutputVerification>;
    }
  | { readonly kind: "failed"; readonly failure: EvalFailure; readonly baseline: BaselineRecord | null };

const MESSAGE_MAX = 4096;

const clip = (s: string) => (s.length <= MESSAGE_MAX ? s : `${s.slice(0, MESSAGE_MAX - 1)}…`);

function baselineSection(ctx: RunContext, baseline: BaselineRecord | null): RunV1["baseline"] {
  const prompts = (baseline?.prompts ?? []).map((p) => ({
    index: p.index,
    ttftMs: p.ttftMs,
    throughputTps: p.throughputTps,
    outputTokens: p.outputTokens,
  }));
  const orZero = (x: number) => (Number.isFinite(x) ? x : 0);
  return {
    engine: baseline?.engine ?? ctx.baselineInfo.engine,
    version: baseline?.version ?? ctx.baselineInfo.version,
    image: baseline?.image ?? ctx.baselineInfo.image,
    medianTtftMs: orZero(median(prompts.map((p) => p.ttftMs))),
    medianThroughputTps: orZero(median(prompts.map((p) => p.throughputTps))),
    prompts,
  };
}

interface Judged {
  readonly measured: PromptMeasurement;
  readonly correctness: PromptCorrectness;
  readonly speedMatches: boolean;
  readonly inputTokens: number;
  /** null with "first-divergence" verification. */
  readonly verified: OutputVerification | null;
}

function judge(
  ctx: RunContext,
  measured: readonly PromptMeasurement[],
  baseline: BaselineRecord,
  verified: ReadonlyMap<number, OutputVerification> | undefined,
): Judged[] {
  const byIndex = new Map(baseline.prompts.map((p) => [p.index, p]));
  return [...measured]
    .sort((a, b) => a.index - b.index)
    .map((m) => {
      const ref = byIndex.get(m.index);
      if (ref === undefined || ref.promptSha256 !== m.promptSha256)
        throw new Error(`the baseline has no measurement of prompt ${m.index} with this prompt text`);
      const correctness = checkPrompt(
        ref.tokens.map((t) => t.token),
        m.tokens.map((t) => ({ token: t.token, logprobs: t.logprobs })),
        ctx.correctness,
      );
      const position = correctness.divergence?.position ?? null;
      const ownVerification = verified?.get(m.index);
      if (verified !== undefined && ownVerification === undefined)
        throw new Error(`prompt ${m.index} has no verification of its timed output`);
      // Full verification judges the timed output token by token: the text comparison is then not needed.
      const speedMatches =
        verified !== undefined ||
        speedPassMatches(
          m.speedText,
          m.tokens.map((t) => t.text),
          position,
        );
      // The baseline is vLLM with the real tokenizer: its prompt_tokens is trusted; the submission's is not.
      const inputTokens = ref.promptTokens ?? m.promptTokensEstimate;
      return { measured: m, correctness, speedMatches, inputTokens, verified: ownVerification ?? null };
    });
}

function describeDivergence(j: Judged): string {
  const d = j.correctness.divergence;
  if (d === null) return `prompt ${j.measured.index}: no divergence`;
  return (
    `prompt ${j.measured.index}, token ${d.position}: the submission produced ${JSON.stringify(d.minerToken)} ` +
    `(logprob ${d.minerTokenLogprob ?? "absent"}) where the baseline produced ${JSON.stringify(d.baselineToken)} ` +
    `(submission's logprob ${d.baselineTokenLogprob ?? "not in its top-5"}): ${j.correctness.failure ?? "tolerated"}`
  );
}

function describeUnverified(index: number, f: VerificationFailure): string {
  const top = f.baselineTop5.map((t) => `${JSON.stringify(t.token)} ${t.logprob.toFixed(3)}`).join(", ");
  return (
    `prompt ${index}, token ${f.position} of the timed output: ${JSON.stringify(f.token)} is not a choice ` +
    `the baseline model makes there (its top-5: ${top})`
  );
}

/** The run object for an outcome; throws if it would not pass the run schema (a bug in the runner). */
export function buildRun(ctx: RunContext, outcome: EvalOutcome, logTail = ""): RunV1 {
  const common = {
    schema: "cacheon.run.v1" as const,
    runId: ctx.runId,
    netuid: ctx.netuid,
    submission: ctx.submission,
    validator: { hotkey: ctx.validatorHotkey },
    runner: ctx.runner,
    seed: ctx.seed,
    startedAt: ctx.startedAt.toISOString(),
    finishedAt: ctx.finishedAt.toISOString(),
    baseline: baselineSection(ctx, outcome.baseline),
  };
  if (outcome.kind === "failed") {
    const summary = summarizeRun([], { prompts: [] }, false, { runFailed: true, weights: ctx.weights });
    const f = outcome.failure;
    return runV1Schema.parse({
      ...common,
      ...(ctx.verification === undefined ? {} : { verification: ctx.verification }),
      outcome: "failed",
      failure: { reason: f.reason, message: clip(f.message), stage: f.stage, logTail: utf8Tail(f.logTail) },
      prompts: [],
      summary,
    });
  }

  const judged = judge(ctx, outcome.prompts, outcome.baseline, outcome.verified);
  const gate = checkRun(judged.map((j) => j.correctness));
  const mismatch = judged.find((j) => !j.speedMatches);
  const unverified = judged.find((j) => j.verified?.failure != null);
  const prompts = judged.map((j) => ({
    index: j.measured.index,
    promptSha256: j.measured.promptSha256,
    inputTokens: j.inputTokens,
    outputTokens: j.measured.outputTokens,
    ttftMs: j.measured.ttftMs,
    // Full verification: the timed output's own verified token count is the numerator, never the checked pass's.
    throughputTps:
      j.verified === null
        ? j.measured.throughputTps
        : j.measured.decodeMs === null
          ? 0
          : throughputTps(j.verified.verifiedTokens, 0, j.measured.decodeMs),
    e2eMs: j.measured.e2eMs,
    itlMs: j.measured.itlMs,
    comparedTokens: j.correctness.comparedTokens,
    matchedTokens: j.correctness.matchedTokens,
    // A prompt passes when its output is verified and the timed output is that verified output.
    passed: j.correctness.passed && j.speedMatches && j.verified?.failure == null,
    divergence:
      j.correctness.divergence === null
        ? null
        : { ...j.correctness.divergence, minerTop5: [...j.correctness.divergence.minerTop5] },
    ...(j.verified === null
      ? {}
      : {
          verifiedTokens: j.verified.verifiedTokens,
          verification:
            j.verified.failure === null
              ? null
              : { ...j.verified.failure, baselineTop5: [...j.verified.failure.baselineTop5] },
        }),
  }));
  // correctnessPassed says every prompt passed, the timed output's checks included: the API refuses a true
  // that a failing prompt contradicts.
  const timedFailed = mismatch !== undefined || unverified !== undefined;
  const summary = summarizeRun(prompts, outcome.baseline, gate.passed && !timedFailed, {
    runFailed: timedFailed,
    weights: ctx.weights,
  });
  const failedPrompt = gate.firstFailedPrompt === null ? undefined : judged[gate.firstFailedPrompt];
  const failure =
    failedPrompt !== undefined
      ? {
          reason: "correctness_failed" as const,
          stage: "correctness" as const,
          message: describeDivergence(failedPrompt),
        }
      : unverified?.verified?.failure != null
        ? {
            reason: "unverified_output" as const,
            stage: "correctness" as const,
            message: describeUnverified(unverified.measured.index, unverified.verified.failure),
          }
        : mismatch !== undefined
          ? {
              reason: "speed_pass_mismatch" as const,
              stage: "correctness" as const,
              message:
                `prompt ${mismatch.measured.index}: the timed pass answered ${JSON.stringify(mismatch.measured.speedText.slice(0, 200))}, ` +
                `which is not the verified output ${JSON.stringify(
                  mismatch.measured.tokens
                    .map((t) => t.text)
                    .join("")
                    .slice(0, 200),
                )}`,
            }
          : null;
  const verification = outcome.verified === undefined ? "first-divergence" : "full";
  if (failure === null)
    return runV1Schema.parse({ ...common, verification, outcome: "scored", prompts, summary });
  return runV1Schema.parse({
    ...common,
    verification,
    outcome: "failed",
    failure: { ...failure, message: clip(failure.message), logTail: utf8Tail(logTail) },
    prompts,
    summary,
  });
}
