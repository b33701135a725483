import type { TopLogprob } from "./correctness";

// Verifying the timed output (protocol.md): every token the submission served while timed is judged under the
// pinned baseline model, by teacher forcing. Tokens are compared by the baseline tokenizer's ids, never by
// their text, so two ids that decode alike cannot stand in for each other.

export interface BaselineCandidate {
  readonly id: number;
  /** The decoded token, for the miner's page. */
  readonly token: string;
  readonly logprob: number;
}

/** The baseline's view of one position of the timed output. */
export interface BaselinePosition {
  /** The token the submission served here, with the baseline's logprob of it. */
  readonly actual: BaselineCandidate;
  /** The baseline's most likely tokens here (its top-K, any order). */
  readonly top: readonly BaselineCandidate[];
}

export interface VerificationParams {
  readonly maxLogprobGap: number;
  readonly topK: number;
}

export interface VerificationFailure {
  readonly position: number;
  readonly token: string;
  readonly baselineTop5: readonly TopLogprob[];
}

export interface OutputVerification {
  /** The timed output's token count under the baseline's tokenizer: the throughput's numerator. */
  readonly verifiedTokens: number;
  /** The first position that failed, or null when every token (and the stop, if any) passed. */
  readonly failure: VerificationFailure | null;
}

/** Highest logprob first; equal logprobs by id, so the order never depends on how the server listed them. */
function ranked(top: readonly BaselineCandidate[], topK: number): BaselineCandidate[] {
  return top
    .filter((t) => Number.isFinite(t.logprob))
    .sort((a, b) => b.logprob - a.logprob || a.id - b.id)
    .slice(0, topK);
}

/** In the baseline's top-K and at most `maxLogprobGap` below its top-1: a near-greedy choice. */
export function tokenPasses(position: BaselinePosition, params: VerificationParams): boolean {
  const top = ranked(position.top, params.topK);
  const best = top[0];
  const own = top.find((t) => t.id === position.actual.id);
  return best !== undefined && own !== undefined && best.logprob - own.logprob <= params.maxLogprobGap;
}

/**
 * Judges the timed output: `positions` holds one entry per token; `stop` is the end-of-turn token at the
 * position after the last one when the output stopped before max_tokens (null when it ran to max_tokens).
 */
export function verifyOutput(
  positions: readonly BaselinePosition[],
  stop: BaselinePosition | null,
  params: VerificationParams,
): OutputVerification {
  const judged = stop === null ? positions : [...positions, stop];
  const failed = judged.findIndex((p) => !tokenPasses(p, params));
  const at = judged[failed];
  if (at === undefined) return { verifiedTokens: positions.length, failure: null };
  return {
    verifiedTokens: positions.length,
    failure: {
      position: failed,
      token: at.actual.token,
      baselineTop5: ranked(at.top, params.topK).map((t) => ({ token: t.token, logprob: t.logprob })),
    },
  };
}
