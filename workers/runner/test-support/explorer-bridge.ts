import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { GET as listJobs } from "@/app/api/v1/jobs/route";
import { POST as lease } from "@/app/api/v1/jobs/[submissionId]/lease/route";
import { POST as postProgress } from "@/app/api/v1/runs/[runId]/progress/route";
import { POST as postRun } from "@/app/api/v1/runs/route";
import type { Database } from "@/db/client";
import { callRoute, testDeps } from "@/server/api/test-support/deps";
import type { SignedHandler } from "@/server/api/signed-route";
import type { Logger } from "@/lib/log";

// Test support: the explorer's real validator routes (app/api/v1/…) served over loopback HTTP on a test
// database with the real clock, so the real runner (in a child process) talks to the code that stores its
// runs. Faults on demand: withhold the answer to a run post after storing it, or go down and come back on the
// same port.

export interface ExplorerBridge {
  readonly url: string;
  /** What POST /api/v1/runs answered, in order; "withheld" when the run was stored and the answer never sent. */
  readonly runAnswers: (number | "withheld")[];
  /** The next run post is stored, but its answer never leaves; resolves with its runId once stored. */
  withholdNextRunAnswer(): Promise<string>;
  /** Stops listening and drops every connection: the runner gets no answer at all. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

const ROUTES: { method: string; pattern: RegExp; handler: SignedHandler; param?: string }[] = [
  { method: "GET", pattern: /^\/api\/v1\/jobs$/, handler: listJobs },
  { method: "POST", pattern: /^\/api\/v1\/jobs\/([^/]+)\/lease$/, handler: lease, param: "submissionId" },
  { method: "POST", pattern: /^\/api\/v1\/runs\/([^/]+)\/progress$/, handler: postProgress, param: "runId" },
  { method: "POST", pattern: /^\/api\/v1\/runs$/, handler: postRun },
];

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (b: Buffer) => parts.push(b));
    req.on("end", () => resolve(Buffer.concat(parts)));
    req.on("error", reject);
  });
}

export async function startExplorerBridge(database: Database, log: Logger): Promise<ExplorerBridge> {
  // A demo network: the runner behind it uses the shipped corpus.
  const deps = {
    ...testDeps(database, { settings: { demoNetwork: true } }),
    now: () => new Date(),
    log,
  };
  const runAnswers: (number | "withheld")[] = [];
  let withhold: ((runId: string) => void) | null = null;

  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const route = ROUTES.find((r) => r.method === req.method && r.pattern.test(url.pathname));
    if (route === undefined) return void res.writeHead(404).end();
    const body = await readBody(req);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(name, value);
    }
    const request = new Request(url, {
      method: req.method,
      headers,
      body: req.method === "GET" ? undefined : new Uint8Array(body),
    });
    const match = route.pattern.exec(url.pathname);
    const params = route.param && match?.[1] ? { [route.param]: decodeURIComponent(match[1]) } : {};
    const response = await callRoute(route.handler, deps, request, params);
    const answer = Buffer.from(await response.arrayBuffer());
    if (route.handler === postRun) {
      const stored = withhold;
      if (stored !== null && response.status === 201) {
        withhold = null;
        runAnswers.push("withheld");
        // The runner's connection stays open, unanswered, until the test kills the runner.
        return stored((JSON.parse(answer.toString("utf8")) as { runId: string }).runId);
      }
      runAnswers.push(response.status);
    }
    res.writeHead(response.status, Object.fromEntries(response.headers)).end(answer);
  };

  const server = http.createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      log.error("bridge failed", { error });
      res.writeHead(500).end();
    });
  });
  const listen = (port: number) =>
    new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  await listen(0);
  const { port } = server.address() as AddressInfo;
  const down = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    url: `http://127.0.0.1:${port}`,
    runAnswers,
    withholdNextRunAnswer: () => new Promise<string>((resolve) => (withhold = resolve)),
    down,
    up: () => listen(port),
    close: () => (server.listening ? down() : Promise.resolve()),
  };
}
