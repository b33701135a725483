import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startReferenceServer, type ReferenceServer } from "./server";

let server: ReferenceServer;
const MODEL = "Qwen2.5-72B-Instruct";
const ask = (body: object) =>
  fetch(`${server.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model: MODEL,
      messages: [{ role: "user", content: "hi" }],
      max_tokens: 4,
      ...body,
    }),
  });

beforeAll(async () => {
  server = await startReferenceServer({ ttftMs: 1, tps: 5_000 });
});
afterAll(() => server.close());

describe("reference server", () => {
  it("answers /health and lists its model", async () => {
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect(await (await fetch(`${server.url}/v1/models`)).json()).toMatchObject({ data: [{ id: MODEL }] });
  });

  it("streams vLLM's layout: role chunk, one token per chunk, finish, usage, [DONE]", async () => {
    const text = await (
      await ask({ stream: true, logprobs: true, top_logprobs: 5, stream_options: { include_usage: true } })
    ).text();
    const events = text.split("\n\n").filter(Boolean);
    expect(events).toHaveLength(1 + 4 + 1 + 1 + 1);
    expect(events.at(-1)).toBe("data: [DONE]");
    const first = JSON.parse(events[0]?.slice(6) ?? "") as { choices: { delta: object }[] };
    expect(first.choices[0]?.delta).toEqual({ role: "assistant", content: "" });
    const token = JSON.parse(events[1]?.slice(6) ?? "") as {
      choices: { logprobs: { content: { top_logprobs: unknown[] }[] } }[];
    };
    expect(token.choices[0]?.logprobs.content[0]?.top_logprobs).toHaveLength(5);
  });

  it("answers without streaming, with the same tokens", async () => {
    const body = (await (await ask({ stream: false, logprobs: true })).json()) as {
      choices: { message: { content: string }; logprobs: { content: { token: string }[] } }[];
    };
    const choice = body.choices[0];
    expect(choice?.logprobs.content.map((t) => t.token).join("")).toBe(choice?.message.content);
  });

  it("refuses another model with 404, as vLLM does", async () => {
    expect((await ask({ model: "gpt-4o", stream: true })).status).toBe(404);
  });
});
