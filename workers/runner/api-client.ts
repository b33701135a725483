import { randomUUID } from "node:crypto";

import type { ProgressEvent } from "@/lib/protocol/run-schema";
import { signEpistula, type EpistulaSigner } from "@/lib/protocol/epistula";

import { jobsResponseSchema, leaseResponseSchema, type Job } from "./jobs";

// Signed calls to the explorer's validator routes. Every request, GETs included, is signed over its exact
// body bytes (an empty body for GET /jobs), as api.md requires.

export class ApiUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ApiUnreachable";
  }
}

export interface ApiResponse {
  readonly status: number;
  readonly text: string;
  readonly retryAfterMs: number | null;
}

export interface ApiClientOptions {
  readonly baseUrl: string;
  readonly signer: EpistulaSigner;
  readonly signedFor: string;
  readonly timeoutMs?: number;
}

export type LeaseResult =
  { ok: true; expiresAt: Date | null } | { ok: false; status: number; message: string };

const EMPTY = new Uint8Array(0);

function retryAfter(header: string | null): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

export class ApiClient {
  constructor(private readonly o: ApiClientOptions) {}

  /** Throws ApiUnreachable when no HTTP answer came back; any status is returned. */
  async request(method: "GET" | "POST", path: string, body: Uint8Array = EMPTY): Promise<ApiResponse> {
    const headers: Record<string, string> = signEpistula(
      this.o.signer,
      body,
      Date.now(),
      this.o.signedFor,
      randomUUID(),
    );
    if (method === "POST") headers["content-type"] = "application/json";
    try {
      const res = await fetch(`${this.o.baseUrl}${path}`, {
        method,
        headers,
        // A copy into a plain ArrayBuffer-backed view, the BodyInit the DOM typings accept.
        body: method === "POST" ? new Uint8Array(body) : undefined,
        signal: AbortSignal.timeout(this.o.timeoutMs ?? 30_000),
      });
      return {
        status: res.status,
        text: await res.text(),
        retryAfterMs: retryAfter(res.headers.get("retry-after")),
      };
    } catch (error) {
      throw new ApiUnreachable(`${method} ${path}: ${(error as Error).message}`);
    }
  }

  private static json(res: ApiResponse): unknown {
    try {
      return JSON.parse(res.text);
    } catch {
      return undefined;
    }
  }

  async listJobs(): Promise<Job[]> {
    const res = await this.request("GET", "/api/v1/jobs");
    if (res.status >= 500) throw new ApiUnreachable(`GET /api/v1/jobs: HTTP ${res.status}`);
    if (res.status !== 200)
      throw new Error(`GET /api/v1/jobs: HTTP ${res.status}: ${res.text.slice(0, 500)}`);
    const parsed = jobsResponseSchema.safeParse(ApiClient.json(res));
    if (!parsed.success)
      throw new Error(`GET /api/v1/jobs answered an unexpected shape: ${parsed.error.message}`);
    return parsed.data;
  }

  /**
   * Claims or renews a job. The body is `{}` (lib/schemas/jobs.ts): the API ties progress events to the
   * submission through this validator's only live lease, which a runner working one job at a time holds.
   */
  async lease(submissionId: string): Promise<LeaseResult> {
    const path = `/api/v1/jobs/${encodeURIComponent(submissionId)}/lease`;
    const res = await this.request("POST", path, Buffer.from("{}"));
    if (res.status === 200 || res.status === 201) {
      const parsed = leaseResponseSchema.safeParse(ApiClient.json(res) ?? {});
      return { ok: true, expiresAt: parsed.success ? parsed.data.expiresAt : null };
    }
    return { ok: false, status: res.status, message: res.text.slice(0, 500) };
  }

  async progress(runId: string, event: ProgressEvent): Promise<ApiResponse> {
    return this.request("POST", `/api/v1/runs/${runId}/progress`, Buffer.from(JSON.stringify(event)));
  }

  /** Posts the spooled bytes verbatim: a re-post is byte-identical, which the API answers 200. */
  async postRun(body: Uint8Array): Promise<ApiResponse> {
    return this.request("POST", "/api/v1/runs", body);
  }
}
