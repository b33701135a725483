import { createHash } from "node:crypto";

import type { ChatMessage } from "./client";
import type { Corpus } from "./corpus";
import { SeededRandom } from "./prng";

// The prompt set of a round, derived from its block hash alone (with the corpus): every validator with the
// same corpus builds the same prompts, and the baseline cache is keyed by this engine's version.

/** Bump on any change that alters the prompts built from the same seed and corpus. */
export const PROMPT_ENGINE_VERSION = "cacheon-prompts/2";

export interface PromptOptions {
  readonly scored: number;
  readonly warmups: number;
  /** Target excerpt length in characters (about 4 characters a token for English prose). */
  readonly contextChars: number;
}

export const DEFAULT_CONTEXT_CHARS = 24_000;

export interface EvalPrompt {
  /** 0..scored-1 for scored prompts (the `index` posted in the run); warm-ups count from 0 on their own. */
  readonly index: number;
  readonly warmup: boolean;
  readonly messages: readonly ChatMessage[];
  /** sha256 of the JSON of `messages`, as recorded in the run. */
  readonly sha256: string;
  /** A rough count (UTF-8 bytes / 4), used only when no trusted server reported prompt_tokens. */
  readonly estimatedTokens: number;
}

export interface PromptSet {
  readonly warmups: readonly EvalPrompt[];
  readonly scored: readonly EvalPrompt[];
}

const SYSTEM = "You are a careful reader. Answer from the text you are given, in plain prose.";
const INSTRUCTIONS = [
  "Summarize the excerpt above in five sentences.",
  "List every person or creature named in the excerpt and say in one line what each of them does.",
  "Describe the setting of the excerpt: where and when it takes place, and how the reader can tell.",
  "Continue the text for two paragraphs, in the same voice and style.",
  "What is the central conflict of the excerpt? Quote one sentence that shows it.",
  "Rewrite the first paragraph of the excerpt in simple modern English.",
  "Write five questions a teacher could ask about the excerpt, each with its answer.",
  "Explain the mood of the excerpt and which words create it.",
  "Give a title to each paragraph of the excerpt, one line each.",
  "Retell the excerpt from the point of view of a minor character.",
];
const BOOK_BREAK = "\n\n* * *\n\n";

function paragraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** Whole paragraphs from a seeded start, wrapping within a book and moving on to other books until long enough. */
function excerpt(corpus: Corpus, rng: SeededRandom, targetChars: number): string {
  const parts: string[] = [];
  let length = 0;
  // A small corpus may be shorter than the target: stop after visiting as many books as it has.
  for (let books = 0; books < corpus.files.length && length < targetChars; books++) {
    const file = corpus.files[rng.int(corpus.files.length)];
    if (file === undefined) break;
    const paras = paragraphs(corpus.readBook(file));
    if (paras.length === 0) continue;
    const start = rng.int(paras.length);
    const taken: string[] = [];
    for (let k = 0; k < paras.length && length < targetChars; k++) {
      const p = paras[(start + k) % paras.length] as string;
      taken.push(p);
      length += p.length + 2;
    }
    parts.push(taken.join("\n\n"));
  }
  return parts.join(BOOK_BREAK);
}

export function promptSha256(messages: readonly ChatMessage[]): string {
  return createHash("sha256").update(JSON.stringify(messages), "utf8").digest("hex");
}

function buildPrompt(
  corpus: Corpus,
  seedLabel: string,
  index: number,
  warmup: boolean,
  contextChars: number,
): EvalPrompt {
  const rng = new SeededRandom(seedLabel);
  const text = excerpt(corpus, rng, contextChars);
  const instruction = INSTRUCTIONS[rng.int(INSTRUCTIONS.length)] as string;
  const messages: ChatMessage[] = [
    { role: "system", content: SYSTEM },
    { role: "user", content: `Read the following excerpt.\n\n"""\n${text}\n"""\n\n${instruction}` },
  ];
  const bytes = Buffer.byteLength(SYSTEM + (messages[1] as ChatMessage).content, "utf8");
  return { index, warmup, messages, sha256: promptSha256(messages), estimatedTokens: Math.ceil(bytes / 4) };
}

/** The round's prompts in canonical order (the baseline's order). */
export function buildPromptSet(blockHash: string, corpus: Corpus, options: PromptOptions): PromptSet {
  const label = (kind: string, i: number) =>
    `${PROMPT_ENGINE_VERSION}|${blockHash.toLowerCase()}|${corpus.sha256}|${options.contextChars}|${kind}|${i}`;
  const make = (kind: "warmup" | "scored", n: number) =>
    Array.from({ length: n }, (_, i) =>
      buildPrompt(corpus, label(kind, i), i, kind === "warmup", options.contextChars),
    );
  return { warmups: make("warmup", options.warmups), scored: make("scored", options.scored) };
}

/**
 * The order a submission receives the scored prompts in: shuffled per submission, so a server cannot learn
 * the order from another run, yet reproducible by anyone holding the seed and the submission.
 */
export function submissionOrder<T>(
  scored: readonly T[],
  blockHash: string,
  submission: { readonly hotkey: string; readonly digest: string },
): T[] {
  const rng = new SeededRandom(
    `${PROMPT_ENGINE_VERSION}|order|${blockHash.toLowerCase()}|${submission.hotkey}|${submission.digest}`,
  );
  return rng.shuffle(scored);
}
