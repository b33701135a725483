import { EOT_ID, logprobOf, positionLogprobs, promptKey, rankOf, top5Ids } from "./model";
import { chatIds, tokenText, type TemplateMessage } from "./tokenizer";

// vLLM's teacher forcing on a chat request: `prompt_logprobs` (one entry per prompt token, null for the first,
// each a map from token id to {logprob, rank, decoded_token} holding the top-k and the prompt's own token) and
// the one generated token after the prompt. Only the final assistant message is the model's own text; the
// template and the user's messages before it are read, not predicted, and get the prompt token alone.

export interface VllmLogprob {
  readonly logprob: number;
  readonly rank: number;
  readonly decoded_token: string;
}

export interface ForcedAnswer {
  readonly promptTokenIds: number[];
  readonly promptLogprobs: (Record<string, VllmLogprob> | null)[];
  /** The model's next token after the prompt, with its top-k (as vLLM's chat logprobs list them). */
  readonly next: { readonly id: number; readonly top: readonly { id: number; logprob: number }[] };
}

export interface ForcedRequest {
  readonly messages: readonly TemplateMessage[];
  readonly addGenerationPrompt: boolean;
  readonly continueFinalMessage: boolean;
  readonly promptLogprobs: number;
}

function entry(lp: Float64Array, id: number): VllmLogprob {
  return { logprob: logprobOf(lp, id), rank: rankOf(lp, id), decoded_token: tokenText(id) };
}

/** Teacher forcing of the final assistant message (continued or closed) under the prompt before it. */
export function forcedAnswer(r: ForcedRequest): ForcedAnswer {
  const ids = chatIds(r.messages, {
    addGenerationPrompt: r.addGenerationPrompt,
    continueFinalMessage: r.continueFinalMessage,
  });
  const last = r.messages.at(-1);
  const answered = last?.role === "assistant" && !r.addGenerationPrompt;
  const context = answered ? r.messages.slice(0, -1) : r.messages;
  // The model reads the prompt exactly as generation does (server.ts keys it by the JSON of the messages).
  const key = promptKey(JSON.stringify(context));
  const start = answered
    ? chatIds(context, { addGenerationPrompt: true, continueFinalMessage: false }).length
    : ids.length;
  const promptLogprobs: (Record<string, VllmLogprob> | null)[] = ids.map((id, i) => {
    if (i === 0) return null;
    if (i < start) return { [id]: { logprob: 0, rank: 1, decoded_token: tokenText(id) } };
    const lp = positionLogprobs(key, i - start, i === start ? EOT_ID : (ids[i - 1] as number));
    const out: Record<string, VllmLogprob> = {};
    for (const t of top5Ids(lp).slice(0, r.promptLogprobs)) out[t] = entry(lp, t);
    out[id] = entry(lp, id);
    return out;
  });
  const position = ids.length - start;
  const lp = positionLogprobs(key, position, position === 0 ? EOT_ID : (ids.at(-1) as number));
  const top = top5Ids(lp).map((id) => ({ id, logprob: lp[id] as number }));
  return { promptTokenIds: ids, promptLogprobs, next: { id: top[0]?.id ?? 0, top } };
}
