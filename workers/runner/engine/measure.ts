import { throughputTps } from "@/lib/protocol/scoring";

import type { StreamMeasurement, StreamedToken } from "./client";
import type { EvalPrompt } from "./prompts";
import { itlSummary } from "./stats";

/** One scored prompt as measured on one server: the timed figures and the verified tokens. */
export interface PromptMeasurement {
  readonly index: number;
  readonly promptSha256: string;
  readonly ttftMs: number;
  readonly throughputTps: number;
  readonly e2eMs: number;
  readonly itlMs: { readonly p50: number; readonly p90: number; readonly p99: number };
  /** Last content chunk − first content chunk of the timed pass (null without content): throughput's span. */
  readonly decodeMs: number | null;
  /** Tokens of the correctness pass, counted by the runner (never the server's `usage`). */
  readonly outputTokens: number;
  readonly tokens: readonly StreamedToken[];
  /** The text of the timed pass, checked against the verified tokens. */
  readonly speedText: string;
  /** usage.prompt_tokens as the server reported it, if it did. */
  readonly promptTokens: number | null;
  /** The runner's own rough count, for when no trusted server reported prompt_tokens. */
  readonly promptTokensEstimate: number;
}

/**
 * Figures from the timed pass, token count from the correctness pass (the same stream in a one-pass run).
 * A response without any content has no first token: its TTFT is the whole response time, so an empty answer
 * can never look fast.
 */
export function measurePrompt(
  prompt: EvalPrompt,
  speed: StreamMeasurement,
  correctness: StreamMeasurement,
): PromptMeasurement {
  const outputTokens = correctness.tokens.length;
  const first = speed.firstContentAt ?? speed.doneAt;
  return {
    index: prompt.index,
    promptSha256: prompt.sha256,
    ttftMs: first - speed.sentAt,
    throughputTps:
      speed.firstContentAt === null || speed.lastContentAt === null
        ? 0
        : throughputTps(outputTokens, speed.firstContentAt, speed.lastContentAt),
    e2eMs: speed.doneAt - speed.sentAt,
    itlMs: itlSummary(speed.contentTimes),
    decodeMs:
      speed.firstContentAt === null || speed.lastContentAt === null
        ? null
        : speed.lastContentAt - speed.firstContentAt,
    outputTokens,
    tokens: correctness.tokens,
    speedText: speed.text,
    promptTokens: correctness.promptTokens ?? speed.promptTokens,
    promptTokensEstimate: prompt.estimatedTokens,
  };
}
