import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

import { generate, promptKey, type GeneratedToken } from "./model";
import { perturbationFor, type Mode } from "./modes";

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
  stream_options?: { include_usage?: unknown };
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
    const withLogprobs = body.logprobs === true;
    const maxTokens = typeof body.max_tokens === "number" ? body.max_tokens : 16;
    const count = mode === "ignore-max-tokens" ? maxTokens + 16 : maxTokens;
    const tokens = generate(
      promptKey(JSON.stringify(body.messages)),
      count,
      perturbationFor(mode, faultAt, withLogprobs),
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
                  finish_reason: "length",
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
      let tail = chunk({}, "length");
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
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"message":"not found"}}');
      return;
    }
    const parts: Buffer[] = [];
    req.on("data", (b: Buffer) => parts.push(b));
    req.on("end", () => {
      let body: ChatBody;
      try {
        body = JSON.parse(Buffer.concat(parts).toString("utf8")) as ChatBody;
      } catch {
        res
          .writeHead(400, { "content-type": "application/json" })
          .end('{"error":{"message":"invalid JSON"}}');
        return;
      }
      chat(body, res);
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
