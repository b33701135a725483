import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { answerFor } from "./modes";
import { promptKey, VOCAB } from "./model";
import { startReferenceServer, type ReferenceServer } from "./server";
import { decodeIds, encode } from "./tokenizer";

// The reference server's teacher-forcing endpoints, in vLLM's shapes and consistent with its own generation.

let server: ReferenceServer;
const MODEL = "Qwen2.5-72B-Instruct";
const messages = [{ role: "user", content: "Read the excerpt, then answer — café?" }];
const post = async (path: string, body: object) => {
  const res = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};

beforeAll(async () => {
  server = await startReferenceServer({ ttftMs: 0, tps: 100_000 });
});
afterAll(() => server.close());

describe("reference tokenizer", () => {
  it("round-trips any text, vocabulary words as one token each", () => {
    const text = " the river, café ☃\n";
    expect(decodeIds(encode(text))).toBe(text);
    expect(encode(" the river")).toEqual([VOCAB.indexOf(" the"), VOCAB.indexOf(" river")]);
  });
});

describe("reference server: /tokenize and prompt_logprobs", () => {
  it("tokenizes a chat as vLLM does, and refuses both template flags at once", async () => {
    const answered = [...messages, { role: "assistant", content: " the river" }];
    const full = await post("/tokenize", {
      model: MODEL,
      messages: answered,
      add_generation_prompt: false,
      continue_final_message: true,
      return_token_strs: true,
    });
    const prefix = await post("/tokenize", { model: MODEL, messages, add_generation_prompt: true });
    const tokens = full.json.tokens as number[];
    const head = prefix.json.tokens as number[];
    expect(full.json).toMatchObject({ count: tokens.length, max_model_len: expect.any(Number) });
    expect(tokens.slice(0, head.length)).toEqual(head);
    expect((full.json.token_strs as string[]).slice(head.length)).toEqual([" the", " river"]);
    expect(prefix.json.token_strs).toBeNull();
    const both = await post("/tokenize", { messages: answered, continue_final_message: true });
    expect(both.status).toBe(400);
  });

  it("scores its own greedy answer as top-1 at every position, and names the next token", async () => {
    const generated = await post("/v1/chat/completions", { model: MODEL, messages, max_tokens: 6 });
    const text = (generated.json.choices as { message: { content: string } }[])[0]?.message.content ?? "";
    const forced = await post("/v1/chat/completions", {
      model: MODEL,
      messages: [...messages, { role: "assistant", content: text }],
      add_generation_prompt: false,
      continue_final_message: true,
      max_tokens: 1,
      prompt_logprobs: 5,
      logprobs: true,
      top_logprobs: 5,
      return_tokens_as_token_ids: true,
    });
    const ids = forced.json.prompt_token_ids as number[];
    const lps = forced.json.prompt_logprobs as (Record<
      string,
      { rank: number; decoded_token: string }
    > | null)[];
    expect(lps).toHaveLength(ids.length);
    expect(lps[0]).toBeNull();
    const answer = ids.slice(-6);
    answer.forEach((id, i) => {
      const entry = lps[ids.length - 6 + i] ?? {};
      expect(entry[id]?.rank).toBe(1);
      expect(Object.keys(entry)).toHaveLength(5);
    });
    const next = (
      forced.json.choices as { logprobs: { content: { top_logprobs: { token: string }[] }[] } }[]
    )[0];
    expect(next?.logprobs.content[0]?.top_logprobs.map((t) => t.token)[0]).toMatch(/^token_id:\d+$/);
    const stream = await post("/v1/chat/completions", {
      model: MODEL,
      messages,
      stream: true,
      prompt_logprobs: 1,
    }).catch(() => null);
    expect(stream?.status).toBe(400);
  });

  it("flip-tie answers differently when timed and when checked, and only at near ties", () => {
    const key = promptKey(JSON.stringify(messages));
    const timed = answerFor("flip-tie", key, 64, 3, false).tokens.map((t) => t.token);
    const checked = answerFor("flip-tie", key, 64, 3, true).tokens.map((t) => t.token);
    expect(timed).not.toEqual(checked);
    expect(checked).toEqual(answerFor("normal", key, 64, 3, true).tokens.map((t) => t.token));
  });
});
