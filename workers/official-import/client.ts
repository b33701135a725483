import { maxAgeSeconds, retryAfterSeconds } from "@/lib/official/cache-control";
import { detailSchema } from "@/lib/official/schemas";
import type { RateLimiter } from "./rate-limiter";

/** What one GET to the official API came to; every request goes through the shared rate limiter. */
export type FetchOutcome =
  | { kind: "ok"; body: unknown; text: string; maxAgeS: number }
  /** `routeMissing`: the server has no such route (FastAPI's `{"detail":"Not Found"}`), not merely no record. */
  | { kind: "not_found"; routeMissing: boolean; maxAgeS: number }
  | { kind: "throttled"; status: 429 | 503; retryAfterS: number | null }
  | { kind: "error"; message: string }
  | { kind: "unreachable"; message: string }
  | { kind: "aborted" };

export interface OfficialClientOptions {
  baseUrl: string;
  limiter: RateLimiter;
  timeoutMs?: number;
  /** Seconds to keep an answer that carries no Cache-Control. */
  fallbackMaxAgeS?: number;
}

export class OfficialClient {
  constructor(private readonly options: OfficialClientOptions) {}

  get limiter(): RateLimiter {
    return this.options.limiter;
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  async get(path: string, as: "json" | "text", signal?: AbortSignal): Promise<FetchOutcome> {
    if (!(await this.options.limiter.acquire(signal))) return { kind: "aborted" };
    const url = `${this.options.baseUrl.replace(/\/+$/, "")}${path}`;
    let response: Response;
    try {
      const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 15_000);
      response = await fetch(url, {
        headers: { accept: as === "json" ? "application/json" : "text/plain" },
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      if (signal?.aborted) return { kind: "aborted" };
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
      return {
        kind: "unreachable",
        message: `${error instanceof Error ? error.message : String(error)}${cause}`,
      };
    }
    const text = await response.text().catch(() => "");
    const maxAgeS = maxAgeSeconds(response.headers.get("cache-control"), this.options.fallbackMaxAgeS ?? 30);
    if (response.status === 429 || response.status === 503) {
      return {
        kind: "throttled",
        status: response.status,
        retryAfterS: retryAfterSeconds(response.headers.get("retry-after"), new Date()),
      };
    }
    if (response.status === 404) {
      const detail = detailSchema.safeParse(safeJson(text));
      return {
        kind: "not_found",
        routeMissing: detail.success && detail.data.detail === "Not Found",
        maxAgeS,
      };
    }
    if (response.status !== 200)
      return { kind: "error", message: `HTTP ${response.status}: ${text.slice(0, 200)}` };
    if (as === "text") return { kind: "ok", body: text, text, maxAgeS };
    const body = safeJson(text);
    if (body === undefined) return { kind: "error", message: `not JSON: ${text.slice(0, 200)}` };
    return { kind: "ok", body, text, maxAgeS };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
