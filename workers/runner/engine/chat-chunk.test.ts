import { describe, expect, it } from "vitest";

import { parseChatChunk } from "./chat-chunk";

const MODEL = "Qwen2.5-72B-Instruct";
const chunk = (fields: object) =>
  JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: MODEL, ...fields });

describe("parseChatChunk", () => {
  it("reads content, finish reason and per-token logprobs", () => {
    const data = chunk({
      choices: [
        {
          index: 0,
          delta: { content: " the" },
          finish_reason: null,
          logprobs: {
            content: [{ token: " the", logprob: -0.1, top_logprobs: [{ token: " the", logprob: -0.1 }] }],
          },
        },
      ],
    });
    expect(parseChatChunk(data, MODEL)).toEqual({
      content: " the",
      finishReason: null,
      promptTokens: null,
      tokens: [{ token: " the", logprob: -0.1, top: [{ token: " the", logprob: -0.1 }] }],
    });
  });

  it("treats a role-only delta as empty content", () => {
    const data = chunk({ choices: [{ index: 0, delta: { role: "assistant", content: "" } }] });
    expect(parseChatChunk(data, MODEL)).toMatchObject({ content: "", tokens: null });
  });

  it("accepts the usage-only final chunk and reads prompt_tokens", () => {
    const data = chunk({ choices: [], usage: { prompt_tokens: 812, completion_tokens: 256 } });
    expect(parseChatChunk(data, MODEL)).toMatchObject({ content: "", promptTokens: 812 });
  });

  it.each([
    ["not JSON", "{oops", /not JSON/],
    ["an array", "[]", /not a JSON object/],
    ["another model", chunk({ model: "gpt-3.5-turbo", choices: [] }), /model is "gpt-3.5-turbo"/],
    ["no choices array", chunk({ choices: null }), /choices must be an array/],
    ["empty choices without usage", chunk({ choices: [] }), /choices is empty/],
    ["two choices", chunk({ choices: [{ delta: {} }, { delta: {} }] }), /2 choices/],
    ["a numeric content", chunk({ choices: [{ delta: { content: 3 } }] }), /content must be a string/],
    ["a missing delta", chunk({ choices: [{ index: 0 }] }), /delta must be an object/],
    [
      "a positive logprob",
      chunk({
        choices: [{ delta: { content: "a" }, logprobs: { content: [{ token: "a", logprob: 0.5 }] } }],
      }),
      /<= 0/,
    ],
    ["a server error", JSON.stringify({ error: { message: "CUDA out of memory" } }), /CUDA out of memory/],
    ["a wrong object", chunk({ object: "chat.completion", choices: [] }), /object is/],
  ])("refuses %s", (_, data, message) => {
    expect(() => parseChatChunk(data, MODEL)).toThrow(message);
  });
});
