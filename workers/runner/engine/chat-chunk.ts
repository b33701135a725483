import { SseViolation } from "./sse";

// Validation of one `chat.completion.chunk` by hand rather than with zod: it runs once per streamed token,
// and the client must ingest far faster than any server can generate (see bench/runner-client).

export interface TopLogprob {
  readonly token: string;
  readonly logprob: number;
}

export interface ChunkToken {
  readonly token: string;
  readonly logprob: number;
  readonly top: readonly TopLogprob[];
}

export interface ChatChunk {
  /** delta.content; "" when absent or null. */
  readonly content: string;
  /** The per-token logprobs of this chunk, or null when the chunk carries none. */
  readonly tokens: readonly ChunkToken[] | null;
  readonly finishReason: string | null;
  /** usage.prompt_tokens when the chunk reports usage (never used to count output tokens). */
  readonly promptTokens: number | null;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const bad = (what: string): never => {
  throw new SseViolation(`chat.completion.chunk: ${what}`);
};

// Logprobs are <= 0; servers print -inf as a large negative number (vLLM: -9999.0), which is fine. A small
// positive value is tolerated as float rounding of 0.
function logprobOf(v: unknown, where: string): number {
  if (typeof v !== "number" || v > 1e-6) bad(`${where} must be a number <= 0`);
  return v as number;
}

function parseTop(v: unknown, where: string): TopLogprob[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return bad(`${where} must be an array`);
  // Plain loops: this runs for every token of the correctness pass.
  const out: TopLogprob[] = new Array<TopLogprob>(v.length);
  for (let i = 0; i < v.length; i++) {
    const entry: unknown = v[i];
    if (!isObject(entry) || typeof entry.token !== "string")
      return bad(`${where}[${i}].token must be a string`);
    out[i] = { token: entry.token, logprob: logprobOf(entry.logprob, `${where}[${i}].logprob`) };
  }
  return out;
}

function parseLogprobs(v: unknown): ChunkToken[] | null {
  if (v === undefined || v === null) return null;
  if (!isObject(v)) return bad("choices[0].logprobs must be an object");
  const content = v.content;
  if (content === undefined || content === null) return null;
  if (!Array.isArray(content)) return bad("choices[0].logprobs.content must be an array");
  const out: ChunkToken[] = new Array<ChunkToken>(content.length);
  for (let i = 0; i < content.length; i++) {
    const entry: unknown = content[i];
    if (!isObject(entry) || typeof entry.token !== "string")
      return bad(`choices[0].logprobs.content[${i}].token must be a string`);
    out[i] = {
      token: entry.token,
      logprob: logprobOf(entry.logprob, `choices[0].logprobs.content[${i}].logprob`),
      top: parseTop(entry.top_logprobs, `choices[0].logprobs.content[${i}].top_logprobs`),
    };
  }
  return out;
}

/** Parses the JSON text of one SSE event into a chunk; throws SseViolation on anything off the OpenAI shape. */
export function parseChatChunk(data: string, expectedModel: string): ChatChunk {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return bad(`not JSON: ${JSON.stringify(data.slice(0, 120))}`);
  }
  if (!isObject(json)) return bad("not a JSON object");
  // vLLM reports a failure mid-stream as a data event with an `error` object.
  if (json.error !== undefined)
    return bad(`the server sent an error: ${JSON.stringify(json.error).slice(0, 300)}`);
  if (json.object !== undefined && json.object !== "chat.completion.chunk")
    bad(`object is ${JSON.stringify(json.object)}, expected "chat.completion.chunk"`);
  if (json.model !== expectedModel)
    bad(`model is ${JSON.stringify(json.model)}, expected ${JSON.stringify(expectedModel)}`);
  const usage = json.usage;
  const promptTokens =
    isObject(usage) && typeof usage.prompt_tokens === "number" && Number.isInteger(usage.prompt_tokens)
      ? usage.prompt_tokens
      : null;
  if (!Array.isArray(json.choices)) return bad("choices must be an array");
  // With stream_options.include_usage the last chunk has no choice, only usage.
  if (json.choices.length === 0) {
    if (usage === undefined || usage === null) bad("choices is empty in a chunk without usage");
    return { content: "", tokens: null, finishReason: null, promptTokens };
  }
  if (json.choices.length > 1) bad(`${json.choices.length} choices, expected 1 (n = 1)`);
  const choice: unknown = json.choices[0];
  if (!isObject(choice)) return bad("choices[0] must be an object");
  if (choice.index !== undefined && choice.index !== 0) bad("choices[0].index must be 0");
  const delta = choice.delta;
  if (!isObject(delta)) return bad("choices[0].delta must be an object");
  const content = delta.content;
  if (content !== undefined && content !== null && typeof content !== "string")
    bad("choices[0].delta.content must be a string or null");
  const finish = choice.finish_reason;
  if (finish !== undefined && finish !== null && typeof finish !== "string")
    bad("choices[0].finish_reason must be a string or null");
  return {
    content: typeof content === "string" ? content : "",
    tokens: parseLogprobs(choice.logprobs),
    finishReason: typeof finish === "string" ? finish : null,
    promptTokens,
  };
}
