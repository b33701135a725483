import http from "node:http";

import type { RunPhase } from "@/lib/protocol/run-schema";

import { ClientError, streamChat, type ChatRequestBody, type StreamMeasurement } from "./client";
import type { RunningContainer } from "./driver";
import { EvalAborted, EvalFailure } from "./failure";
import { exitFailure } from "./health";
import { measurePrompt, type PromptMeasurement } from "./measure";
import type { EvalPrompt } from "./prompts";
import type { EvalSettings } from "./settings";

/** Where a pass is: prompt `done + 1` of `total` is being sent. */
export interface ProgressStep {
  readonly done: number;
  readonly total: number;
}

/**
 * A phase change (posted to the explorer), or with `step` a prompt within the phase (shown to the operator
 * only: one event a prompt would be noise on the explorer).
 */
export type ProgressFn = (phase: RunPhase, detail: string, step?: ProgressStep) => void;

export interface PassesInput {
  readonly container: RunningContainer;
  readonly warmups: readonly EvalPrompt[];
  /** Scored prompts in the order this server receives them. */
  readonly scored: readonly EvalPrompt[];
  readonly settings: EvalSettings;
  readonly signal: AbortSignal;
  readonly progress: ProgressFn;
}

/** How long a broken connection waits for the container to be seen exiting, so a crash is named a crash. */
const EXIT_GRACE_MS = 1_500;

function requestBody(prompt: EvalPrompt, settings: EvalSettings, withLogprobs: boolean): ChatRequestBody {
  const base = {
    model: settings.model,
    messages: prompt.messages,
    max_tokens: settings.maxTokens,
    temperature: settings.temperature,
    stream: true as const,
  };
  // include_usage only on the untimed pass: it gives the baseline's prompt_tokens for the record.
  return withLogprobs
    ? { ...base, logprobs: true, top_logprobs: settings.topK, stream_options: { include_usage: true } }
    : base;
}

async function classify(
  error: unknown,
  container: RunningContainer,
  stage: RunPhase,
  what: string,
): Promise<Error> {
  if (!(error instanceof ClientError)) return error instanceof Error ? error : new Error(String(error));
  if (error.kind === "aborted") return new EvalAborted();
  if (error.kind === "timeout") return new EvalFailure("prompt_timeout", stage, `${what}: ${error.message}`);
  if (error.kind === "connection") {
    const until = performance.now() + EXIT_GRACE_MS;
    for (;;) {
      const state = await container.state().catch(() => null);
      if (state?.status === "exited") {
        const failure = exitFailure(state, stage);
        return new EvalFailure(failure.reason, stage, `${what}: ${failure.message} (${error.message})`);
      }
      if (performance.now() >= until) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return new EvalFailure("api_noncompliant", stage, `${what}: ${error.message}`);
}

/**
 * Warm-ups, then the timed pass over every scored prompt, then the correctness pass (or one pass with
 * logprobs that serves both when `passes` is 1). Requests go one at a time, as the subnet's validator sends
 * them. Throws EvalFailure or EvalAborted.
 */
export async function runPasses(input: PassesInput): Promise<PromptMeasurement[]> {
  const { container, settings, signal, progress } = input;
  // One keep-alive connection pool per server, so each request after the first reuses a warm connection.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const send = async (prompt: EvalPrompt, withLogprobs: boolean, stage: RunPhase, what: string) => {
    if (signal.aborted) throw new EvalAborted();
    try {
      return await streamChat({
        baseUrl: container.baseUrl,
        body: requestBody(prompt, settings, withLogprobs),
        timeoutMs: settings.promptTimeoutMs,
        signal,
        agent,
      });
    } catch (error) {
      throw await classify(error, container, stage, what);
    }
  };
  const onePass = settings.passes === 1;
  try {
    progress("warmup", `${input.warmups.length} warm-up prompts`);
    const each = async (
      prompts: readonly EvalPrompt[],
      withLogprobs: boolean,
      stage: RunPhase,
      what: (p: EvalPrompt) => string,
    ): Promise<StreamMeasurement[]> => {
      const measured: StreamMeasurement[] = [];
      for (const [k, p] of prompts.entries()) {
        progress(stage, `prompt ${k + 1} of ${prompts.length}`, { done: k, total: prompts.length });
        measured.push(await send(p, withLogprobs, stage, what(p)));
      }
      return measured;
    };
    await each(input.warmups, onePass, "warmup", (p) => `warm-up prompt ${p.index}`);

    progress(
      "benchmark",
      `${input.scored.length} timed prompts${onePass ? " with logprobs (one pass)" : ""}`,
    );
    const speed = await each(input.scored, onePass, "benchmark", (p) => `prompt ${p.index} (timed pass)`);
    if (onePass)
      return input.scored.map((p, i) =>
        measurePrompt(p, speed[i] as StreamMeasurement, speed[i] as StreamMeasurement),
      );

    progress("correctness", `${input.scored.length} prompts with top-${settings.topK} logprobs`);
    const checked = await each(
      input.scored,
      true,
      "correctness",
      (p) => `prompt ${p.index} (correctness pass)`,
    );
    return input.scored.map((p, i) =>
      measurePrompt(p, speed[i] as StreamMeasurement, checked[i] as StreamMeasurement),
    );
  } finally {
    agent.destroy();
  }
}
