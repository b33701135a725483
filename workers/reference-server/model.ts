// A small deterministic language model: logits over a fixed vocabulary from an integer hash of (prompt,
// position, previous token), softmax into real logprobs, greedy decoding by argmax. It is meaningless as
// language but exact as a distribution, which is what the correctness gate needs to be tested for real.

const WORDS =
  "the of and to in a is that it was he for on are as with his they at be this from have or by one had not but " +
  "what all were when we there can an your which their said if do will each about how up out them then she many " +
  "some so these would other into has more her two like him see time could no make than first been its who now " +
  "people my made over did down only way find use may water long little very after words called just where most " +
  "know river house garden lantern winter morning letter window road stone bridge bell ship harbour candle clock";
export const VOCAB: readonly string[] = [
  ...WORDS.split(" ").map((w) => ` ${w}`),
  ".",
  ",",
  ";",
  "!",
  "?",
  "\n\n",
  " —",
  " “",
  "”",
  " café",
];

export interface TopLogprob {
  readonly token: string;
  readonly logprob: number;
}

export interface GeneratedToken {
  readonly token: string;
  readonly logprob: number;
  readonly top: readonly TopLogprob[];
}

/**
 * How the model departs from greedy decoding of its own distribution at one position (`at`):
 * - `near-tie`: the runner-up's logit is raised 0.2 above the best, so the choice flips within the gate;
 * - `far`: raised 3.0 above, a divergence the gate must refuse;
 * - `non-greedy`: the runner-up is emitted while the reported logprobs stay honest.
 */
export type Perturbation = { readonly kind: "near-tie" | "far" | "non-greedy"; readonly at: number } | null;

/** murmur3's finalizer over a running 32-bit state: cheap, well mixed, identical on every platform. */
function mix(h: number, x: number): number {
  let k = Math.imul(x | 0, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** FNV-1a of the prompt text: the model's whole "reading" of the prompt. */
export function promptKey(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Spread of the logits: wide enough that top-5 logprobs differ visibly, narrow enough for near ties. */
const SCALE = 6;

function logits(key: number, position: number, previous: number): Float64Array {
  const out = new Float64Array(VOCAB.length);
  const context = mix(mix(key, position), previous);
  for (let j = 0; j < out.length; j++) out[j] = (mix(context, j) / 2 ** 32) * SCALE;
  return out;
}

function topTwo(values: Float64Array): [number, number] {
  let best = 0;
  let second = 1;
  if ((values[1] as number) > (values[0] as number)) [best, second] = [1, 0];
  for (let j = 2; j < values.length; j++) {
    const v = values[j] as number;
    if (v > (values[best] as number)) [best, second] = [j, best];
    else if (v > (values[second] as number)) second = j;
  }
  return [best, second];
}

function logSoftmax(values: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of values) max = Math.max(max, v);
  let sum = 0;
  for (const v of values) sum += Math.exp(v - max);
  const logZ = max + Math.log(sum);
  return values.map((v) => v - logZ);
}

function top5(logprobs: Float64Array): TopLogprob[] {
  return [...logprobs.keys()]
    .sort((a, b) => (logprobs[b] as number) - (logprobs[a] as number) || a - b)
    .slice(0, 5)
    .map((j) => ({ token: VOCAB[j] as string, logprob: logprobs[j] as number }));
}

/** Token ids: the vocabulary's indexes, then the chat template's two special tokens, then the 256 bytes. */
export const EOT_ID = VOCAB.length;
export const IM_START_ID = VOCAB.length + 1;
export const BYTE_BASE = VOCAB.length + 2;
export const ID_COUNT = BYTE_BASE + 256;
/** The model never emits a token outside its vocabulary (the end of turn included): far below any of it. */
const OFF_VOCABULARY = 40;

/** The model's logprobs at `position` of its answer after the token `previous` (an id; EOT_ID at the start). */
export function positionLogprobs(key: number, position: number, previous: number): Float64Array {
  return logSoftmax(logits(key, position, previous));
}

/** The logprob of any id under `lp` (an id outside the vocabulary gets the model's near-zero probability). */
export function logprobOf(lp: Float64Array, id: number): number {
  if (id < lp.length) return lp[id] as number;
  let min = 0;
  for (const v of lp) min = Math.min(min, v);
  return min - OFF_VOCABULARY;
}

/** 1 for the most likely id, as vLLM ranks a prompt token. */
export function rankOf(lp: Float64Array, id: number): number {
  const own = logprobOf(lp, id);
  let rank = 1;
  for (let j = 0; j < lp.length; j++) if (j !== id && (lp[j] as number) > own) rank++;
  return rank;
}

/** The five most likely ids, best first (ties by id). */
export function top5Ids(lp: Float64Array): number[] {
  return [...lp.keys()].sort((a, b) => (lp[b] as number) - (lp[a] as number) || a - b).slice(0, 5);
}

/**
 * Chooses the token at one position: the vocabulary index to emit, or "stop" to end the answer. It may change
 * `logits` first (the logprobs the server then reports are those of the changed logits).
 */
export type Chooser = (
  position: number,
  logits: Float64Array,
  best: number,
  second: number,
) => number | "stop";

/** Decodes up to `count` tokens for a prompt, deterministically, with `choose` picking each one. */
export function decode(key: number, count: number, choose: Chooser): GeneratedToken[] {
  const out: GeneratedToken[] = [];
  let previous = EOT_ID;
  for (let position = 0; position < count; position++) {
    const l = logits(key, position, previous);
    const [best, second] = topTwo(l);
    const chosen = choose(position, l, best, second);
    if (chosen === "stop") break;
    const lp = logSoftmax(l);
    out.push({ token: VOCAB[chosen] as string, logprob: lp[chosen] as number, top: top5(lp) });
    previous = chosen;
  }
  return out;
}

/** Generates `count` tokens for a prompt, deterministically. */
export function generate(key: number, count: number, perturbation: Perturbation = null): GeneratedToken[] {
  return decode(key, count, (position, l, best, second) => {
    if (perturbation === null || perturbation.at !== position) return best;
    if (perturbation.kind !== "non-greedy")
      l[second] = (l[best] as number) + (perturbation.kind === "near-tie" ? 0.2 : 3.0);
    return second;
  });
}
