import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { buildEra, UNKNOWN_SHAPE_RECORD, type CastMember, type Era, type EraData } from "./eras";

/**
 * A stand-in for the subnet's official monitoring API: the routes of one era, its Cache-Control, its rate
 * limit (429 with Retry-After), and faults a test can switch on: a 429 storm, a 503 outage, a record that
 * changes, and a record of a shape never seen.
 */
export interface FakeOptions {
  era: Era;
  cast?: CastMember[];
  /** Requests allowed per window before 429 (the real API: 60 a minute). */
  limit?: number;
  windowMs?: number;
}

export interface FakeRequest {
  path: string;
  atMs: number;
  status: number;
}

export interface OfficialApiFake {
  url: string;
  requests: FakeRequest[];
  data: EraData;
  /** The next `n` requests answer 429 whatever the limit. */
  storm(n: number): void;
  /** While true every /api route but /api/health answers 503 (the validator's database is missing). */
  setUnavailable(down: boolean): void;
  /** Rewrites a published evaluation in place (same identity, different score): the source broke immutability. */
  changeRecord(uid: number): void;
  /** Appends a record of a shape no era has published. */
  addUnknownShape(): void;
  setEra(era: Era): void;
  close(): Promise<void>;
}

const NOT_FOUND = { detail: "Not Found" };

export async function startOfficialApiFake(options: FakeOptions, port = 0): Promise<OfficialApiFake> {
  const limit = options.limit ?? 60;
  const windowMs = options.windowMs ?? 60_000;
  let data = buildEra(options.era, options.cast);
  let stormLeft = 0;
  let unavailable = false;
  const requests: FakeRequest[] = [];
  const extraEvaluations: Record<string, unknown>[] = [];

  const send = (
    res: ServerResponse,
    status: number,
    body: unknown,
    maxAgeS: number | "no-cache",
    headers: Record<string, string> = {},
  ) => {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(status, {
      "content-type": typeof body === "string" ? "text/plain; charset=utf-8" : "application/json",
      "cache-control": maxAgeS === "no-cache" ? "no-cache" : `max-age=${maxAgeS}`,
      ...headers,
    });
    res.end(text);
  };

  const evaluations = () => [...extraEvaluations, ...data.evaluations];

  const route = (path: string, query: URLSearchParams, res: ServerResponse): number => {
    const role = data.role;
    if (path === "/api/health") return (send(res, 200, { status: "ok" }, "no-cache"), 200);
    if (path === "/api/status") return (send(res, 200, data.status, 30), 200);
    if (path === `/api/${role}`) {
      const body =
        role === "leader"
          ? { leader: data.king, runner_up: data.runnerUp }
          : { [role]: data.king, ...(data.king ? {} : { message: `No ${role} yet` }) };
      return (send(res, 200, body, 30), 200);
    }
    if (path === `/api/${role}/history`)
      return (send(res, 200, { history: data.history, total: data.history.length }, 30), 200);
    if (path === "/api/evaluations") {
      const status = query.get("status");
      const list = evaluations().filter((e) =>
        status === "dq" ? e.disqualified === true : status === "active" ? e.disqualified === false : true,
      );
      return (send(res, 200, { evaluations: list, total: list.length }, 30), 200);
    }
    const byHotkey = /^\/api\/evaluations\/hotkey\/([^/]+)$/.exec(path);
    if (byHotkey) {
      if (!data.hotkeyRoute) return (send(res, 404, NOT_FOUND, 30), 404);
      const list = evaluations().filter((e) => e.hotkey === byHotkey[1]);
      if (list.length === 0)
        return (send(res, 404, { detail: `No evaluations for hotkey ${byHotkey[1]}` }, 30), 404);
      return (send(res, 200, { hotkey: byHotkey[1], evaluations: list, total: list.length }, 30), 200);
    }
    const byUid = /^\/api\/evaluations\/(\d+)$/.exec(path);
    if (byUid) {
      const uid = Number(byUid[1]);
      const list = evaluations().filter((e) => e.uid === uid);
      if (list.length === 0) return (send(res, 404, { detail: `No evaluations for UID ${uid}` }, 30), 404);
      return (send(res, 200, { uid, evaluations: list, total: list.length }, 30), 200);
    }
    if (path === "/api/rounds") {
      const blocks = [...new Set(data.evaluations.map((e) => e.evaluation_block as number))].sort(
        (a, b) => b - a,
      );
      const rounds = blocks.map((block) => {
        const of = data.evaluations.filter((e) => e.evaluation_block === block);
        return {
          evaluation_block: block,
          evaluated_at: of[0]?.evaluated_at ?? null,
          n_challengers: of.length,
          challengers: of.map((e) => ({
            uid: e.uid,
            hotkey: e.hotkey,
            image: e.image,
            score: e.score,
            disqualified: e.disqualified,
            disqualify_reason: e.disqualify_reason,
          })),
        };
      });
      return (send(res, 200, { rounds, total: rounds.length }, 30), 200);
    }
    if (path === "/api/eval-job") return (send(res, 200, { eval_job: data.evalJob }, 30), 200);
    if (path === "/api/eval-progress") return (send(res, 200, data.progress, 5), 200);
    if (path === "/api/container-logs" || (path === "/api/validator-logs" && data.era === "june")) {
      const logs = path === "/api/container-logs" ? data.containerLogs : data.validatorLogs;
      const list = [...logs].map(([label, text]) => ({
        label,
        filename: `${label}.log`,
        size_bytes: Buffer.byteLength(text),
      }));
      list.sort((a, b) => (a.filename < b.filename ? 1 : -1));
      return (send(res, 200, { logs: list, total: list.length }, 60), 200);
    }
    const log = /^\/api\/(container|validator)-log\/(.+)$/.exec(path);
    if (log && (log[1] === "container" || data.era === "june")) {
      const label = decodeURIComponent(log[2] as string);
      if (!/^[A-Za-z0-9_-]+$/.test(label))
        return (send(res, 400, { detail: "Invalid label" }, "no-cache"), 400);
      const text = (log[1] === "container" ? data.containerLogs : data.validatorLogs).get(label);
      if (text === undefined) return (send(res, 404, { detail: "Log not found" }, 300), 404);
      return (send(res, 200, text, 300), 200);
    }
    return (send(res, 404, NOT_FOUND, "no-cache"), 404);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const now = Date.now();
    const inWindow = requests.filter((r) => r.atMs > now - windowMs).length;
    let status: number;
    if (req.method !== "GET") status = (send(res, 405, { detail: "Method Not Allowed" }, "no-cache"), 405);
    else if (stormLeft > 0 || inWindow >= limit) {
      if (stormLeft > 0) stormLeft -= 1;
      const retryS = Math.max(1, Math.ceil(windowMs / 1000 / 4));
      status =
        (send(res, 429, { detail: "Rate limit exceeded" }, "no-cache", { "retry-after": String(retryS) }),
        429);
    } else if (unavailable && url.pathname !== "/api/health")
      status = (send(res, 503, { detail: "Database unavailable" }, "no-cache"), 503);
    else status = route(url.pathname, url.searchParams, res);
    requests.push({ path: url.pathname + url.search, atMs: now, status });
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    requests,
    get data() {
      return data;
    },
    storm: (n) => {
      stormLeft = n;
    },
    setUnavailable: (down) => {
      unavailable = down;
    },
    changeRecord: (uid) => {
      const record = data.evaluations.find((e) => e.uid === uid);
      if (record) record.score = (record.score as number) + 0.05;
    },
    addUnknownShape: () => {
      extraEvaluations.push(UNKNOWN_SHAPE_RECORD);
    },
    setEra: (era) => {
      data = buildEra(era, options.cast);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
