import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

import { promptKey, type GeneratedToken } from "./model";
import { answerFor, type Mode } from "./modes";
import { forcedAnswer } from "./prompt-logprobs";
import { chatIds, decodeIds, encode, tokenText, type TemplateMessage } from "./tokenizer";

// An OpenAI-compatible chat server for the runner's tests and demo, with vLLM's stream layout (a role-only
// first chunk, one token per chunk, a finish chunk, optional usage, [DONE]) and the faults miners' servers show.

export interface ReferenceServerOptions {
  readonly port?: number;
  readonly host?: string;
  readonly mode?: Mode;
  /** Delay from request to first content token. */
  readonly ttftMs?: number;
  /** Decode speed in tokens per second. */
  readonly tps?: number;
  /** Served model name; requests for another model get 404, as from vLLM. */
  readonly model?: string;
  /** Token position where the fault modes act. */
  readonly faultAt?: number;
  /** /health answers 503 until this long after start (slow-start defaults to 10 minutes). */
  readonly healthDelayMs?: number;
  /** What `crash` does; main.ts exits the process, in-process tests drop the connection. */
  readonly onCrash?: () => void;
}

export interface ReferenceServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

interface ChatBody {
  model?: unknown;
  messages?: unknown;
  max_tokens?: unknown;
  stream?: unknown;
  logprobs?: unknown;
  top_logprobs?: unknown;
  stream_options?: { include_usage?: unknown };
  prompt_logprobs?: unknown;
  add_generation_prompt?: unknown;
  continue_final_message?: unknown;
  return_tokens_as_token_ids?: unknown;
}

interface TokenizeBody {
  model?: unknown;
  prompt?: unknown;
  messages?: unknown;
  add_generation_prompt?: unknown;
  continue_final_message?: unknown;
  return_token_strs?: unknown;
  tokens?: unknown;
}

/** Long enough for every prompt the runner sends; vLLM reports its --max-model-len here. */
const MAX_MODEL_LEN = 131_072;

function isMessages(value: unknown): value is TemplateMessage[] {
  return (
    Array.isArray(value) &&
    value.every(
      (m: unknown) =>
        typeof m === "object" &&
        m !== null &&
        typeof (m as { role?: unknown }).role === "string" &&
        typeof (m as { content?: unknown }).content === "string",
    )
  );
}

function answerJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/** vLLM's 400: `{"error": {"message", "type", "code"}}`. */
function badRequest(res: http.ServerResponse, message: string): void {
  answerJson(res, 400, { error: { message, type: "BadRequestError", code: 400 } });
}

/** The template flags of a request: vLLM refuses both at once. */
function templateFlags(
  body: { add_generation_prompt?: unknown; continue_final_message?: unknown },
  messages: readonly TemplateMessage[],
): { addGenerationPrompt: boolean; continueFinalMessage: boolean } | string {
  const addGenerationPrompt = body.add_generation_prompt !== false;
  const continueFinalMessage = body.continue_final_message === true;
  if (addGenerationPrompt && continueFinalMessage)
    return "Cannot set both `continue_final_message` and `add_generation_prompt` to True.";
  if (continueFinalMessage && messages.at(-1)?.role !== "assistant")
    return "continue_final_message requires a final assistant message";
  return { addGenerationPrompt, continueFinalMessage };
}

const WRONG_MODEL = "gpt-3.5-turbo";

function tokenLogprobs(t: GeneratedToken) {
  return {
    token: t.token,
    logprob: t.logprob,
    bytes: [...Buffer.from(t.token, "utf8")],
    top_logprobs: t.top.map((e) => ({ ...e, bytes: [...Buffer.from(e.token, "utf8")] })),
  };
}

export function startReferenceServer(options: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  const mode = options.mode ?? "normal";
  const model = options.model ?? "Qwen2.5-72B-Instruct";
  const ttftMs = options.ttftMs ?? 50;
  const intervalMs = 1000 / (options.tps ?? 100);
  const faultAt = options.faultAt ?? 3;
  const healthyAt = performance.now() + (options.healthDelayMs ?? (mode === "slow-start" ? 600_000 : 0));
  const sockets = new Set<Socket>();

  const chat = (body: ChatBody, res: http.ServerResponse) => {
    if (body.model !== model) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          error: { message: `The model \`${String(body.model)}\` does not exist.`, code: 404 },
        }),
      );
      return;
    }
    if (body.prompt_logprobs !== undefined && body.prompt_logprobs !== null) return forced(body, res);
    const withLogprobs = body.logprobs === true;
    const maxTokens = typeof body.max_tokens === "number" ? body.max_tokens : 16;
    const { tokens, finish } = answerFor(
      mode,
      promptKey(JSON.stringify(body.messages)),
      maxTokens,
      faultAt,
      withLogprobs,
    );
    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const shownModel = mode === "wrong-model" ? WRONG_MODEL : model;
    const chunk = (delta: object, finish: string | null, logprobs: object | null = null) =>
      `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: shownModel, choices: [{ index: 0, delta, logprobs, finish_reason: finish }] })}\n\n`;

    if (body.stream !== true) {
      setTimeout(
        () => {
          res.writeHead(200, { "content-type": "application/json" });
          res.end(
            JSON.stringify({
              id,
              object: "chat.completion",
              created,
              model: shownModel,
              choices: [
                {
                  index: 0,
                  message: { role: "assistant", content: tokens.map((t) => t.token).join("") },
                  logprobs: withLogprobs ? { content: tokens.map(tokenLogprobs) } : null,
                  finish_reason: finish,
                },
              ],
              usage: { prompt_tokens: 0, completion_tokens: tokens.length, total_tokens: tokens.length },
            }),
          );
        },
        ttftMs + tokens.length * intervalMs,
      );
      return;
    }

    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" });
    res.write(chunk({ role: "assistant", content: "" }, null));
    // Token k is due `k` intervals after the first token actually went out: a late first timer (a loaded
    // machine) then shifts the whole answer instead of bunching its tokens into a shorter, faster-looking span.
    let anchor = performance.now() + ttftMs;
    let next = 0;
    const tick = () => {
      if (res.destroyed) return;
      // Emit every token that is due: at high rates several share a write, as from a real batching server.
      let out = "";
      if (next === 0) anchor = performance.now();
      while (next < tokens.length && performance.now() >= anchor + next * intervalMs) {
        if (next === faultAt && mode === "stall") return void (out && res.write(out));
        if (next === faultAt && mode === "crash") {
          if (out) res.write(out);
          return (options.onCrash ?? (() => res.socket?.destroy()))();
        }
        if (next === faultAt && mode === "malformed-sse")
          out += `data: {"choices": [{"delta": {"content": "oops"\n\n`;
        const t = tokens[next] as GeneratedToken;
        out += chunk({ content: t.token }, null, withLogprobs ? { content: [tokenLogprobs(t)] } : null);
        next++;
      }
      if (out) res.write(out);
      if (next < tokens.length) {
        setTimeout(tick, Math.max(0, anchor + next * intervalMs - performance.now()));
        return;
      }
      let tail = chunk({}, finish);
      if (body.stream_options?.include_usage === true) {
        const usage = {
          prompt_tokens: Math.ceil(JSON.stringify(body.messages).length / 4),
          completion_tokens: tokens.length,
        };
        tail += `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: shownModel, choices: [], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } })}\n\n`;
      }
      res.end(`${tail}data: [DONE]\n\n`);
    };
    setTimeout(tick, ttftMs);
  };

  // Teacher forcing, as vLLM answers `prompt_logprobs` on a chat request (non-streamed; max_tokens 1 here).
  const forced = (body: ChatBody, res: http.ServerResponse) => {
    if (body.stream === true)
      return badRequest(res, "Prompt logprobs are not available when stream is enabled");
    if (!isMessages(body.messages)) return badRequest(res, "messages must be a list of {role, content}");
    const k = body.prompt_logprobs;
    if (typeof k !== "number" || !Number.isInteger(k) || k < 0 || k > 20)
      return badRequest(res, "prompt_logprobs must be an integer from 0 to 20");
    const flags = templateFlags(body, body.messages);
    if (typeof flags === "string") return badRequest(res, flags);
    const answer = forcedAnswer({ messages: body.messages, ...flags, promptLogprobs: k });
    const asIds = body.return_tokens_as_token_ids === true;
    const name = (id: number) => (asIds ? `token_id:${id}` : tokenText(id));
    const next = answer.next;
    const logprobs =
      body.logprobs === true
        ? {
            content: [
              {
                token: name(next.id),
                logprob: next.top[0]?.logprob ?? 0,
                bytes: null,
                top_logprobs: next.top
                  .slice(0, typeof body.top_logprobs === "number" ? body.top_logprobs : 0)
                  .map((t) => ({ token: name(t.id), logprob: t.logprob, bytes: null })),
              },
            ],
          }
        : null;
    answerJson(res, 200, {
      id: `chatcmpl-${randomUUID()}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: tokenText(next.id) },
          logprobs,
          finish_reason: "length",
          stop_reason: null,
        },
      ],
      usage: {
        prompt_tokens: answer.promptTokenIds.length,
        completion_tokens: 1,
        total_tokens: answer.promptTokenIds.length + 1,
      },
      prompt_logprobs: answer.promptLogprobs,
      prompt_token_ids: answer.promptTokenIds,
    });
  };

  // vLLM's POST /tokenize (a completion's `prompt` or a chat's `messages`) and POST /detokenize.
  const tokenize = (body: TokenizeBody, res: http.ServerResponse) => {
    if (body.model !== undefined && body.model !== null && body.model !== model)
      return answerJson(res, 404, {
        error: { message: `The model \`${String(body.model)}\` does not exist.`, code: 404 },
      });
    let ids: number[];
    if (typeof body.prompt === "string") ids = encode(body.prompt);
    else if (isMessages(body.messages)) {
      const flags = templateFlags(body, body.messages);
      if (typeof flags === "string") return badRequest(res, flags);
      ids = chatIds(body.messages, flags);
    } else return badRequest(res, "either prompt (a string) or messages is required");
    answerJson(res, 200, {
      count: ids.length,
      max_model_len: MAX_MODEL_LEN,
      tokens: ids,
      token_strs: body.return_token_strs === true ? ids.map(tokenText) : null,
    });
  };
  const detokenize = (body: TokenizeBody, res: http.ServerResponse) => {
    const ids = body.tokens;
    if (!Array.isArray(ids) || !ids.every((t) => Number.isInteger(t) && (t as number) >= 0))
      return badRequest(res, "tokens must be a list of token ids");
    answerJson(res, 200, { prompt: decodeIds(ids as number[]) });
  };

  const server = http.createServer((req, res) => {
    if (req.method === "GET" && req.url === "/health") {
      res.writeHead(performance.now() >= healthyAt ? 200 : 503).end();
      return;
    }
    if (req.method === "GET" && req.url === "/v1/models") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ object: "list", data: [{ id: model, object: "model", owned_by: "cacheon" }] }),
      );
      return;
    }
    const routes: Record<string, (body: ChatBody & TokenizeBody, res: http.ServerResponse) => void> = {
      "/v1/chat/completions": chat,
      ...(mode === "no-tokenize" ? {} : { "/tokenize": tokenize }),
      "/detokenize": detokenize,
    };
    const route = req.method === "POST" ? routes[req.url ?? ""] : undefined;
    if (route === undefined) {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"message":"not found"}}');
      return;
    }
    const parts: Buffer[] = [];
    req.on("data", (b: Buffer) => parts.push(b));
    req.on("end", () => {
      let body: ChatBody & TokenizeBody;
      try {
        body = JSON.parse(Buffer.concat(parts).toString("utf8")) as ChatBody & TokenizeBody;
      } catch {
        res
          .writeHead(400, { "content-type": "application/json" })
          .end('{"error":{"message":"invalid JSON"}}');
        return;
      }
      route(body, res);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://${options.host ?? "127.0.0.1"}:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            // A stalled stream would otherwise keep close() waiting forever.
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
