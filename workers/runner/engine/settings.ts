import type { ProtocolParams, Verification } from "@/lib/protocol/params";

/** What one evaluation needs from the protocol parameters, with the timeouts a validator (or a test) may tune. */
export interface EvalSettings {
  readonly model: string;
  readonly maxTokens: number;
  readonly temperature: number;
  readonly passes: 1 | 2;
  readonly verification: Verification;
  readonly topK: number;
  readonly promptTimeoutMs: number;
  readonly healthPollMs: number;
  readonly healthTimeoutMs: number;
  readonly correctness: { readonly maxLogprobGap: number; readonly topK: number };
}

/** api.md caps `failure.logTail` at 64 KiB. */
export const LOG_TAIL_BYTES = 64 * 1024;

export function evalSettingsFrom(
  params: ProtocolParams,
  overrides: Partial<EvalSettings> = {},
): EvalSettings {
  return {
    model: params.model,
    maxTokens: params.maxTokens,
    temperature: params.temperature,
    passes: params.passes,
    verification: params.verification,
    topK: params.correctness.topK,
    promptTimeoutMs: params.promptTimeoutMs,
    healthPollMs: params.healthPollMs,
    healthTimeoutMs: params.healthTimeoutMs,
    correctness: params.correctness,
    ...overrides,
  };
}
