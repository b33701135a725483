import { decode, generate, VOCAB, type GeneratedToken, type Perturbation, type TopLogprob } from "./model";

export const MODES = [
  "normal",
  "near-tie",
  "far-divergence",
  "non-greedy",
  "slow-start",
  "crash",
  "malformed-sse",
  "stall",
  "ignore-max-tokens",
  "wrong-model",
  "speed-mismatch",
  // Cheats that only verifying the timed output catches (protocol.md, "Verifying the timed output"):
  "timed-garbage",
  "tie-then-filler",
  "early-stop",
  "other-weights",
  "claimed-tie-burst",
  // Honest: near-tie choices differ between passes, as prefix caching and tensor-parallel reductions make them.
  "flip-tie",
  // A baseline that cannot verify: POST /tokenize is missing, as from a server that is not vLLM.
  "no-tokenize",
] as const;
export type Mode = (typeof MODES)[number];

export function isMode(value: string): value is Mode {
  return (MODES as readonly string[]).includes(value);
}

/** The change to the model's decoding a mode makes, for a request with or without logprobs. */
export function perturbationFor(mode: Mode, at: number, withLogprobs: boolean): Perturbation {
  switch (mode) {
    case "near-tie":
      return { kind: "near-tie", at };
    case "far-divergence":
      return { kind: "far", at };
    case "non-greedy":
      return { kind: "non-greedy", at };
    // Fast and wrong when timed (no logprobs asked), slow and right when checked.
    case "speed-mismatch":
      return withLogprobs ? null : { kind: "far", at };
    default:
      return null;
  }
}

export interface Answer {
  readonly tokens: readonly GeneratedToken[];
  readonly finish: "length" | "stop";
}

/** A word the cheats repeat instead of running the model. */
const FILLER = VOCAB.indexOf(" the");
/** flip-tie takes the runner-up where it is this close to the best (well inside the gate's 0.5). */
const FLIP_GAP = 0.1;
/** Another model's weights: the same architecture, different numbers. */
const OTHER_WEIGHTS = 0x5bd1e995;

/**
 * The lie a cheat tells about its own logprobs: its token first, a hair above what the honest model would
 * have chosen, so the first-divergence gate sees a near tie wherever the outputs part.
 */
function claimed(t: GeneratedToken, honest: readonly TopLogprob[]): GeneratedToken {
  const best = honest[0]?.logprob ?? -1;
  const logprob = Math.min(0, best + 0.1);
  const rest = honest.filter((e) => e.token !== t.token).slice(0, 4);
  return { token: t.token, logprob, top: [{ token: t.token, logprob }, ...rest] };
}

/** What a mode answers for a prompt: `withLogprobs` tells the correctness pass from the timed one. */
export function answerFor(
  mode: Mode,
  key: number,
  maxTokens: number,
  at: number,
  withLogprobs: boolean,
): Answer {
  const length = (tokens: GeneratedToken[]): Answer => ({
    tokens,
    finish: tokens.length < maxTokens ? "stop" : "length",
  });
  switch (mode) {
    case "ignore-max-tokens":
      return { tokens: generate(key, maxTokens + 16), finish: "length" };
    case "timed-garbage":
      return length(withLogprobs ? generate(key, maxTokens) : decode(key, maxTokens, () => FILLER));
    case "early-stop":
      return length(
        withLogprobs
          ? generate(key, maxTokens)
          : decode(key, maxTokens, (p, _l, best) => (p < at ? best : "stop")),
      );
    case "flip-tie":
      return length(
        decode(key, maxTokens, (_p, l, best, second) =>
          !withLogprobs && (l[best] as number) - (l[second] as number) < FLIP_GAP ? second : best,
        ),
      );
    case "tie-then-filler": {
      // A claimed near tie at `at` (the runner-up, logit raised just above the best), then filler the
      // server claims as its top-1: the gate judges the tie and never looks past it.
      const tokens = decode(key, maxTokens, (p, l, best, second) => {
        if (p < at) return best;
        if (p > at) return FILLER;
        l[second] = (l[best] as number) + 0.2;
        return second;
      });
      // Each token's `top` is the honest model's distribution there, given the prefix actually served.
      return length(tokens.map((t, p) => (p > at ? claimed(t, t.top) : t)));
    }
    case "other-weights": {
      // Its own model throughout; checked, it lists the honest model's choice right under its own.
      const own = generate((key ^ OTHER_WEIGHTS) >>> 0, maxTokens);
      if (!withLogprobs) return length(own);
      // The honest model forced along its own output: its distribution at each position of it.
      const honest = decode(key, own.length, (p) => VOCAB.indexOf(own[p]?.token ?? ""));
      return length(own.map((t, p) => claimed(t, honest[p]?.top ?? t.top)));
    }
    case "claimed-tie-burst":
      // The proof of concept of issue #28: checked, honest but for a claimed near tie at the first token;
      // timed, two short chunks.
      return withLogprobs
        ? length(generate(key, maxTokens, { kind: "near-tie", at: 0 }))
        : length(decode(key, 2, () => FILLER));
    default:
      return { tokens: generate(key, maxTokens, perturbationFor(mode, at, withLogprobs)), finish: "length" };
  }
}
