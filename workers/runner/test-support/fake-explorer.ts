import http from "node:http";
import type { AddressInfo } from "node:net";

import { checkRunClaims } from "@/lib/protocol/run-checks";
import { ensureCryptoReady, verifyEpistula } from "@/lib/protocol/epistula";
import { DEFAULT_PARAMS } from "@/lib/protocol/params";
import { progressEventSchema, runV1Schema, type ProgressEvent, type RunV1 } from "@/lib/protocol/run-schema";

import type { Job } from "@/lib/schemas/jobs";

// A stand-in for the explorer's validator routes in tests: it verifies every Epistula signature, validates
// bodies with lib/protocol's schemas, records what it accepted, and can play dead to exercise the spool.

export interface TestApi {
  readonly url: string;
  readonly runs: RunV1[];
  readonly progress: { runId: string; event: ProgressEvent }[];
  readonly leases: { submissionId: string }[];
  /** Every answer given to POST /api/v1/runs, in order. */
  readonly runStatuses: number[];
  /** Jobs served by GET /api/v1/jobs (in lib/schemas/jobs.ts's shape) until a run for the submission arrives. */
  jobs: Job[];
  /** When set, every route answers this status (503: down; 403: refuse). */
  failWith: number | null;
  /** When set, only POST /api/v1/runs answers this status. */
  failRunsWith: number | null;
  close(): Promise<void>;
}

export async function startTestApi(signedFor = "cacheon-test"): Promise<TestApi> {
  await ensureCryptoReady();
  const bodies = new Map<string, string>();
  const api: Omit<TestApi, "url" | "close"> = {
    runs: [],
    progress: [],
    leases: [],
    runStatuses: [],
    jobs: [],
    failWith: null,
    failRunsWith: null,
  };
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (b: Buffer) => parts.push(b));
    req.on("end", () => {
      const raw = Buffer.concat(parts);
      const send = (status: number, body: unknown) => {
        if (req.url === "/api/v1/runs" && req.method === "POST") api.runStatuses.push(status);
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      };
      const error = (status: number, code: string, message: string) =>
        send(status, { error: { code, message } });
      if (api.failWith !== null) return error(api.failWith, "unavailable", "simulated failure");
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]),
      );
      const verified = verifyEpistula({ headers, rawBody: raw, nowMs: Date.now(), signedFor });
      if (!verified.ok) return error(401, verified.code, verified.message);
      const url = req.url ?? "";
      if (req.method === "GET" && url === "/api/v1/jobs")
        return send(200, { jobs: api.jobs, serverTime: new Date().toISOString() });
      const lease = /^\/api\/v1\/jobs\/([^/]+)\/lease$/.exec(url);
      if (req.method === "POST" && lease !== null) {
        if (raw.toString("utf8") !== "{}") return error(400, "invalid_body", "the lease body is {}");
        api.leases.push({ submissionId: decodeURIComponent(lease[1] as string) });
        return send(200, { expiresAt: new Date(Date.now() + 60_000).toISOString() });
      }
      const progress = /^\/api\/v1\/runs\/([^/]+)\/progress$/.exec(url);
      if (req.method === "POST" && progress !== null) {
        const parsed = progressEventSchema.safeParse(JSON.parse(raw.toString("utf8")));
        if (!parsed.success) return error(400, "invalid_body", parsed.error.message);
        api.progress.push({ runId: progress[1] as string, event: parsed.data });
        return send(201, { ok: true });
      }
      if (req.method === "POST" && url === "/api/v1/runs") {
        if (api.failRunsWith !== null) return error(api.failRunsWith, "unavailable", "simulated failure");
        const contentType = req.headers["content-type"];
        if (contentType !== undefined && !contentType.startsWith("application/json"))
          return error(415, "unsupported_media_type", "expected application/json");
        const parsed = runV1Schema.safeParse(JSON.parse(raw.toString("utf8")));
        if (!parsed.success) return error(400, "invalid_body", parsed.error.message);
        // The API's own recomputation (lib/protocol/run-checks.ts): a claimed figure that disagrees is refused.
        const { refusal } = checkRunClaims(parsed.data, DEFAULT_PARAMS);
        if (refusal !== null) return error(422, refusal.code, JSON.stringify(refusal.issues));
        if (parsed.data.validator.hotkey !== verified.hotkey)
          return error(403, "not_a_validator", "validator.hotkey must equal Epistula-Signed-By");
        const previous = bodies.get(parsed.data.runId);
        if (previous !== undefined)
          return previous === raw.toString("utf8")
            ? send(200, { stored: true })
            : error(409, "conflict", "different body");
        bodies.set(parsed.data.runId, raw.toString("utf8"));
        api.runs.push(parsed.data);
        api.jobs = api.jobs.filter(
          (j) => j.digest !== parsed.data.submission.digest || j.hotkey !== parsed.data.submission.hotkey,
        );
        return send(201, { stored: true });
      }
      return error(404, "not_found", `${req.method} ${url}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(api, {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  }) as TestApi;
}
