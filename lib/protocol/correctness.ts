import { promptMatchRate } from "./scoring";

// Correctness by first divergence (protocol.md, evaluation step 7). After the first mismatch two greedy
// decoders legitimately drift apart, so only that position is judged, against the submission's own logprobs.

export interface TopLogprob {
  readonly token: string;
  readonly logprob: number;
}

export interface MinerToken {
  readonly token: string;
  /** null when the server returned no logprobs for this position. */
  readonly logprobs: { readonly logprob: number; readonly top: readonly TopLogprob[] } | null;
}

export type CorrectnessFailure = "missing_logprobs" | "non_greedy" | "baseline_not_in_top5" | "logprob_gap";

export interface Divergence {
  readonly position: number;
  /** "" where the baseline's output had already ended (padding). */
  readonly baselineToken: string;
  /** "" where the submission's output had already ended (padding). */
  readonly minerToken: string;
  /** The submission's logprob of the baseline's token (from its top-K), null when absent. */
  readonly baselineTokenLogprob: number | null;
  /** The submission's logprob of its own token, null when absent. */
  readonly minerTokenLogprob: number | null;
  /** The submission's top-K alternatives at this position, most likely first. */
  readonly minerTop5: readonly TopLogprob[];
}

export interface PromptCorrectness {
  readonly passed: boolean;
  /** max(baseline length, submission length). */
  readonly comparedTokens: number;
  /** Positions where both outputs hold the same token, over the whole output. */
  readonly matchedTokens: number;
  /** The first divergence (present also when it was tolerated), or null when the outputs are identical. */
  readonly divergence: Divergence | null;
  readonly failure?: CorrectnessFailure;
}

export interface CorrectnessParams {
  readonly maxLogprobGap: number;
  readonly topK: number;
}

const finite = (x: number): boolean => Number.isFinite(x);

/** Highest logprob first; equal logprobs keep the server's order so the result is deterministic. */
function ranked(top: readonly TopLogprob[], topK: number): TopLogprob[] {
  return top
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => b.entry.logprob - a.entry.logprob || a.index - b.index)
    .slice(0, topK)
    .map(({ entry }) => ({ token: entry.token, logprob: entry.logprob }));
}

/**
 * The submission's token must be the first entry of its own top-K as the server listed it, with no later
 * entry of strictly greater logprob. A token tied with an earlier-listed one is non_greedy (as V1 took the
 * first entry): a server that may pick among ties could pick whichever suits it.
 */
function isGreedy(minerToken: string, listed: readonly TopLogprob[]): boolean {
  const first = listed[0];
  if (first === undefined || first.token !== minerToken || !finite(first.logprob)) return false;
  return listed.every((t) => !(t.logprob > first.logprob));
}

function judgeDivergence(
  baselineToken: string,
  miner: MinerToken | undefined,
  params: CorrectnessParams,
): { divergence: Omit<Divergence, "position">; failure?: CorrectnessFailure } {
  const minerToken = miner?.token ?? "";
  const logprobs = miner?.logprobs ?? null;
  const usable = logprobs !== null && finite(logprobs.logprob) && logprobs.top.length > 0;
  const top = usable
    ? ranked(
        logprobs.top.filter((t) => finite(t.logprob)),
        params.topK,
      )
    : [];
  const ofBaseline = top.find((t) => t.token === baselineToken);
  const divergence = {
    baselineToken,
    minerToken,
    baselineTokenLogprob: ofBaseline?.logprob ?? null,
    minerTokenLogprob: usable ? logprobs.logprob : null,
    minerTop5: top,
  };
  // A submission whose output ended early has no logprobs at the divergence, so it cannot be verified.
  const best = top[0];
  if (!usable || best === undefined) return { divergence, failure: "missing_logprobs" };
  if (!isGreedy(minerToken, logprobs.top)) return { divergence, failure: "non_greedy" };
  if (ofBaseline === undefined) return { divergence, failure: "baseline_not_in_top5" };
  if (Math.abs(best.logprob - ofBaseline.logprob) > params.maxLogprobGap)
    return { divergence, failure: "logprob_gap" };
  return { divergence };
}

/**
 * The gate's answer for a divergence as a run records it (api.md `divergence`), so the API can recompute a
 * posted prompt's `passed`: the recorded top-5 and logprob stand in for the server's logprobs at that position.
 * Returns the recomputed divergence (what the runner would have recorded) and the failure, if any.
 */
export function judgeRecordedDivergence(
  recorded: Divergence,
  params: CorrectnessParams,
): { divergence: Divergence; failure?: CorrectnessFailure } {
  const miner: MinerToken = {
    token: recorded.minerToken,
    logprobs:
      recorded.minerTokenLogprob === null
        ? null
        : { logprob: recorded.minerTokenLogprob, top: recorded.minerTop5 },
  };
  const judged = judgeDivergence(recorded.baselineToken, miner, params);
  return { ...judged, divergence: { position: recorded.position, ...judged.divergence } };
}

/** Judges one prompt: baseline tokens against the submission's tokens with their logprobs. */
export function checkPrompt(
  baselineTokens: readonly string[],
  minerTokens: readonly MinerToken[],
  params: CorrectnessParams,
): PromptCorrectness {
  const comparedTokens = Math.max(baselineTokens.length, minerTokens.length);
  let matchedTokens = 0;
  let first = -1;
  for (let i = 0; i < comparedTokens; i++) {
    // The shorter output is padded with "", so a length difference is a mismatch.
    if ((baselineTokens[i] ?? "") === (minerTokens[i]?.token ?? "")) matchedTokens++;
    else if (first === -1) first = i;
  }
  if (first === -1) return { passed: true, comparedTokens, matchedTokens, divergence: null };
  const judged = judgeDivergence(baselineTokens[first] ?? "", minerTokens[first], params);
  const divergence = { position: first, ...judged.divergence };
  return judged.failure === undefined
    ? { passed: true, comparedTokens, matchedTokens, divergence }
    : { passed: false, comparedTokens, matchedTokens, divergence, failure: judged.failure };
}

export interface RunCorrectness {
  /** Every scored prompt must pass. */
  readonly passed: boolean;
  /** Mean of the per-prompt match rates; reported, not gated; 0 with no prompt. */
  readonly tokenMatchRate: number;
  /** Index (in the given list) of the first failing prompt, or null. */
  readonly firstFailedPrompt: number | null;
}

export function checkRun(prompts: readonly PromptCorrectness[]): RunCorrectness {
  const failed = prompts.findIndex((p) => !p.passed);
  const rates = prompts.map((p) => promptMatchRate(p.comparedTokens, p.matchedTokens));
  return {
    passed: failed === -1,
    tokenMatchRate: rates.length === 0 ? 0 : rates.reduce((a, b) => a + b, 0) / rates.length,
    firstFailedPrompt: failed === -1 ? null : failed,
  };
}

/**
 * The timed output must be the verified output: the speed pass's text must equal the correctness pass's
 * text up to that pass's first divergence from the baseline (the tokens before it), and entirely when there
 * is none. Past the divergence the two passes may legitimately differ, as nothing there is verified.
 */
export function speedPassMatches(
  speedText: string,
  correctnessTokens: readonly string[],
  divergencePosition: number | null,
): boolean {
  if (divergencePosition === null) return speedText === correctnessTokens.join("");
  return speedText.startsWith(correctnessTokens.slice(0, Math.max(0, divergencePosition)).join(""));
}
