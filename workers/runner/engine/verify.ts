import { z } from "zod";

import { verifyOutput, type BaselineCandidate, type OutputVerification } from "@/lib/protocol/verification";

import type { ChatMessage } from "./client";
import type { EvalPrompt } from "./prompts";
import type { EvalSettings } from "./settings";

// Verifying one timed output under the pinned baseline (protocol.md, "Verifying the timed output"), through
// vLLM's own endpoints: POST /tokenize with the chat template, then a chat completion whose final assistant
// message is the timed text, continued, with `prompt_logprobs` (the baseline's top-k at every position of it)
// and the logprobs of the one token it would generate next (the stop position). Anything off these shapes is
// the baseline's fault (BaselineFault), never the miner's.

export class BaselineFault extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BaselineFault";
  }
}

const tokenizeAnswer = z.object({
  count: z.number().int().nonnegative(),
  tokens: z.array(z.number().int().nonnegative()),
  token_strs: z.array(z.string()).nullish(),
});

const logprobEntry = z.object({
  logprob: z.number(),
  rank: z.number().int().positive().nullish(),
  decoded_token: z.string().nullish(),
});

const positionEntry = z.record(z.string(), logprobEntry).nullable();
const forcedAnswer = z.object({
  // One entry per prompt token, the long context's included: only the answer's positions are parsed (below).
  prompt_logprobs: z.array(z.unknown()),
  choices: z
    .array(
      z.object({
        logprobs: z.object({
          content: z
            .array(
              z.object({
                top_logprobs: z.array(z.object({ token: z.string(), logprob: z.number() })),
              }),
            )
            .min(1),
        }),
      }),
    )
    .length(1),
});

export interface VerifyInput {
  readonly baseUrl: string;
  readonly prompt: EvalPrompt;
  /** The text the submission served in the timed pass. */
  readonly text: string;
  readonly settings: EvalSettings;
  readonly signal: AbortSignal;
}

async function post<T>(input: VerifyInput, path: string, body: object, schema: z.ZodType<T>): Promise<T> {
  const signal = AbortSignal.any([input.signal, AbortSignal.timeout(input.settings.promptTimeoutMs)]);
  let res: Response;
  try {
    res = await fetch(new URL(path, input.baseUrl), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (input.signal.aborted) throw error;
    throw new BaselineFault(`POST ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const text = await res.text();
  if (res.status !== 200)
    throw new BaselineFault(`POST ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BaselineFault(`POST ${path} answered something that is not JSON: ${text.slice(0, 120)}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new BaselineFault(`POST ${path} answered an unexpected shape: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

const startsWith = (ids: readonly number[], prefix: readonly number[]) =>
  prefix.every((id, i) => ids[i] === id);

/** The baseline's top-k at one prompt position, from vLLM's {id: {logprob, rank, decoded_token}} map. */
function candidates(entry: Record<string, z.infer<typeof logprobEntry>>, topK: number): BaselineCandidate[] {
  return Object.entries(entry)
    .filter(([, e]) => e.rank == null || e.rank <= topK)
    .map(([id, e]) => ({ id: Number(id), token: e.decoded_token ?? `token_id:${id}`, logprob: e.logprob }));
}

const TOKEN_ID = /^token_id:(\d+)$/;

/** Verifies one prompt's timed text under the baseline; throws BaselineFault when the baseline misbehaves. */
export async function verifyTimedText(input: VerifyInput): Promise<OutputVerification> {
  const { settings, prompt, text } = input;
  const { topK } = settings.correctness;
  const context: readonly ChatMessage[] = prompt.messages;
  const answered: readonly ChatMessage[] = [...context, { role: "assistant", content: text }];
  const tokenize = (messages: readonly ChatMessage[], generation: boolean, continued: boolean) =>
    post(
      input,
      "/tokenize",
      {
        model: settings.model,
        messages,
        add_generation_prompt: generation,
        continue_final_message: continued,
        return_token_strs: true,
      },
      tokenizeAnswer,
    );
  const full = await tokenize(answered, false, true);
  const prefix = await tokenize(context, true, false);
  if (!startsWith(full.tokens, prefix.tokens))
    throw new BaselineFault("the continued conversation's tokens do not start with the prompt's");
  const output = full.tokens.slice(prefix.tokens.length);

  const forced = await post(
    input,
    "/v1/chat/completions",
    {
      model: settings.model,
      messages: answered,
      add_generation_prompt: false,
      continue_final_message: true,
      max_tokens: 1,
      temperature: 0,
      stream: false,
      prompt_logprobs: topK,
      logprobs: true,
      top_logprobs: topK,
      return_tokens_as_token_ids: true,
    },
    forcedAnswer,
  );
  if (forced.prompt_logprobs.length !== full.tokens.length)
    throw new BaselineFault(
      `prompt_logprobs has ${forced.prompt_logprobs.length} positions for ${full.tokens.length} prompt tokens`,
    );
  const positions = output.map((id, i) => {
    const at = prefix.tokens.length + i;
    const parsed = positionEntry.safeParse(forced.prompt_logprobs[at]);
    if (!parsed.success)
      throw new BaselineFault(
        `prompt_logprobs[${at}] has an unexpected shape: ${parsed.error.issues[0]?.message}`,
      );
    const entry = parsed.data;
    const own = entry?.[String(id)];
    if (entry == null || own === undefined)
      throw new BaselineFault(`prompt_logprobs lacks the prompt's own token at position ${at}`);
    const token = own.decoded_token ?? full.token_strs?.[at] ?? `token_id:${id}`;
    return { actual: { id, token, logprob: own.logprob }, top: candidates(entry, topK) };
  });

  // Fewer tokens than max_tokens: the output stopped, so the end of turn must be near-greedy there too.
  let stop = null;
  if (output.length < settings.maxTokens) {
    const closed = await tokenize(answered, false, false);
    const eot = closed.tokens[full.tokens.length];
    if (!startsWith(closed.tokens, full.tokens) || eot === undefined)
      throw new BaselineFault("the closed conversation's tokens do not extend the continued one's");
    const next = forced.choices[0]?.logprobs.content[0]?.top_logprobs ?? [];
    const top = next.map((t) => {
      const id = TOKEN_ID.exec(t.token)?.[1];
      if (id === undefined) throw new BaselineFault(`a top_logprobs token is not token_id:<id>: ${t.token}`);
      return { id: Number(id), token: t.token, logprob: t.logprob };
    });
    const own = top.find((t) => t.id === eot);
    const token = closed.token_strs?.[full.tokens.length] ?? `token_id:${eot}`;
    // Not among the listed top-k: its logprob is below all of them, which fails the check either way.
    stop = { actual: { id: eot, token, logprob: own?.logprob ?? -Infinity }, top };
  }
  const verified = verifyOutput(positions, stop, settings.correctness);
  if (verified.failure === null || verified.failure.position < output.length) return verified;
  // The stop position's top-k came as ids: name them for the miner.
  const named = await Promise.all(
    verified.failure.baselineTop5.map(async (t) => {
      const id = TOKEN_ID.exec(t.token)?.[1];
      if (id === undefined) return t;
      const { prompt: token } = await post(
        input,
        "/detokenize",
        { model: settings.model, tokens: [Number(id)] },
        z.object({ prompt: z.string() }),
      );
      return { token, logprob: t.logprob };
    }),
  );
  return { ...verified, failure: { ...verified.failure, baselineTop5: named } };
}
