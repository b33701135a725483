import http from "node:http";

import { parseChatChunk, type ChunkToken, type TopLogprob } from "./chat-chunk";
import { monotonicMs } from "./clock";
import { ContentLayout } from "./content-layout";
import { ContentLog } from "./content-log";
import { SseParser, SseViolation, type SseEvent } from "./sse";

// The measurement client: one streamed chat completion over node:http, every SSE event stamped with the
// monotonic time its bytes arrived. Parsing happens as bytes arrive, so the timestamps do not depend on when
// the response ends.

export interface ChatMessage {
  readonly role: "system" | "user" | "assistant";
  readonly content: string;
}

export interface ChatRequestBody {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly max_tokens: number;
  readonly temperature: number;
  readonly stream: true;
  readonly logprobs?: boolean;
  readonly top_logprobs?: number;
  readonly stream_options?: { readonly include_usage: boolean };
}

export interface StreamedToken {
  /** The token string as the server's logprobs name it (what correctness compares). */
  readonly token: string;
  /** The text this token contributed to delta.content (what the speed-pass check compares). */
  readonly text: string;
  /** null when the server sent content without logprobs for it. */
  readonly logprobs: { readonly logprob: number; readonly top: readonly TopLogprob[] } | null;
}

export interface StreamMeasurement {
  /** Just before the request bytes were handed to the socket. */
  readonly sentAt: number;
  /** Arrival of the first chunk with a non-empty delta.content; null when there was none. */
  readonly firstContentAt: number | null;
  readonly lastContentAt: number | null;
  /** Arrival of `data: [DONE]`. */
  readonly doneAt: number;
  /** Arrival time of every chunk with non-empty content, in order (inter-token latencies come from these). */
  readonly contentTimes: readonly number[];
  readonly text: string;
  /** Per-token logprobs, when the request asked for them. */
  readonly tokens: readonly StreamedToken[];
  readonly promptTokens: number | null;
}

export type ClientErrorKind = "timeout" | "noncompliant" | "connection" | "aborted";

export class ClientError extends Error {
  constructor(
    readonly kind: ClientErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "ClientError";
  }
}

export interface StreamOptions {
  /** The server's base URL, e.g. http://172.18.0.2:8000 */
  readonly baseUrl: string;
  readonly body: ChatRequestBody;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly agent?: http.Agent;
}

/** Streams one chat completion; rejects with ClientError. */
export function streamChat(options: StreamOptions): Promise<StreamMeasurement> {
  const { body, timeoutMs, signal } = options;
  const wantTokens = body.logprobs === true;
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    let settled = false;
    let sentAt = 0;
    let doneAt: number | null = null;
    let promptTokens: number | null = null;
    const content = new ContentLog();
    const tokens: StreamedToken[] = [];

    const req = http.request(new URL("/v1/chat/completions", options.baseUrl), {
      method: "POST",
      agent: options.agent,
      headers: {
        "content-type": "application/json",
        "content-length": payload.length,
        accept: "text/event-stream",
      },
    });
    const cleanup = () => {
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    const fail = (error: ClientError) => {
      if (settled) return;
      cleanup();
      // Never hand a half-read socket back to the keep-alive pool.
      req.destroy();
      reject(error);
    };
    const onAbort = () => fail(new ClientError("aborted", "the request was aborted"));
    const timer = setTimeout(
      () => fail(new ClientError("timeout", `no complete response within ${timeoutMs} ms`)),
      timeoutMs,
    );
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });

    // Every content chunk carries at least one token, so more chunks than max_tokens is already too many.
    const checkContent = () => {
      if (doneAt !== null) throw new SseViolation("data after data: [DONE]");
      if (content.count > body.max_tokens)
        throw new SseViolation(`more than max_tokens (${body.max_tokens}) content chunks`);
    };
    // The timed pass asks for no logprobs: its content chunks are taken through their layout (content-layout).
    const layout = wantTokens
      ? undefined
      : new ContentLayout((read, from, to, at) => {
          content.addSpan(read, from, to, at);
          checkContent();
        });

    const onEvent = (event: SseEvent) => {
      if (doneAt !== null) throw new SseViolation("data after data: [DONE]");
      if (event.data === "[DONE]") {
        doneAt = event.at;
        return;
      }
      const chunk = parseChatChunk(event.data, body.model);
      layout?.learn(event.data, chunk);
      if (chunk.promptTokens !== null) promptTokens = chunk.promptTokens;
      if (chunk.content.length > 0) {
        content.addText(chunk.content, event.at);
        checkContent();
      }
      if (!wantTokens) return;
      if (chunk.tokens === null) {
        if (chunk.content.length > 0)
          tokens.push({ token: chunk.content, text: chunk.content, logprobs: null });
      } else {
        const last = chunk.tokens.length - 1;
        for (let i = 0; i <= last; i++) {
          const t = chunk.tokens[i] as ChunkToken;
          // The chunk's text is credited to its last token, so joined texts rebuild delta.content exactly.
          tokens.push({
            token: t.token,
            text: i === last ? chunk.content : "",
            logprobs: { logprob: t.logprob, top: t.top },
          });
        }
      }
      if (tokens.length > body.max_tokens)
        throw new SseViolation(`more than max_tokens (${body.max_tokens}) tokens`);
    };

    req.on("response", (res) => {
      const status = res.statusCode ?? 0;
      const type = String(res.headers["content-type"] ?? "");
      if (status !== 200 || !type.startsWith("text/event-stream")) {
        let head = "";
        res.setEncoding("utf8");
        res.on("data", (s: string) => {
          if (head.length < 2048) head += s;
        });
        const report = () =>
          fail(
            new ClientError(
              "noncompliant",
              status !== 200
                ? `HTTP ${status} from /v1/chat/completions: ${head.slice(0, 2048)}`
                : `content-type is "${type}", expected text/event-stream`,
            ),
          );
        res.on("end", report);
        res.on("close", report);
        return;
      }
      const parser = new SseParser(onEvent, layout);
      res.on("data", (bytes: Buffer) => {
        const at = monotonicMs();
        if (settled) return;
        try {
          parser.push(bytes, at);
        } catch (error) {
          fail(asClientError(error));
        }
      });
      res.on("end", () => {
        if (settled) return;
        try {
          parser.end();
        } catch (error) {
          return fail(asClientError(error));
        }
        if (doneAt === null)
          return fail(new ClientError("noncompliant", "the stream ended without data: [DONE]"));
        cleanup();
        const { times, text } = content.finish();
        resolve({
          sentAt,
          firstContentAt: content.firstAt,
          lastContentAt: content.lastAt,
          doneAt,
          contentTimes: times,
          text,
          tokens,
          promptTokens,
        });
      });
      res.on("error", (error) => fail(new ClientError("connection", `response failed: ${error.message}`)));
      res.on("close", () => fail(new ClientError("connection", "the connection closed mid-response")));
    });
    req.on("error", (error) => fail(new ClientError("connection", `request failed: ${error.message}`)));
    sentAt = monotonicMs();
    req.end(payload);
  });
}

function asClientError(error: unknown): ClientError {
  if (error instanceof SseViolation) return new ClientError("noncompliant", error.message);
  return new ClientError("connection", error instanceof Error ? error.message : String(error));
}
