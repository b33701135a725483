import { mkdtemp, rm } from "node:fs/promises";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll } from "vitest";

import { GET as listJobs } from "@/app/api/v1/jobs/route";
import { POST as lease } from "@/app/api/v1/jobs/[submissionId]/lease/route";
import { POST as postProgress } from "@/app/api/v1/runs/[runId]/progress/route";
import { POST as postRun } from "@/app/api/v1/runs/route";
import type { Database } from "@/db/client";
import { openTestDatabase, postgresAvailable } from "@/db/test-support/databases";
import { seedSubmission } from "@/db/test-support/seed";
import { callRoute, SIGNED_FOR, testDeps } from "@/server/api/test-support/deps";
import { keys } from "@/server/api/test-support/signing";
import { neuron, seedMetagraph } from "@/server/api/test-support/world";
import { route } from "@/server/api/route";
import type { SignedHandler } from "@/server/api/signed-route";
import { readContextOf } from "@/server/read/context";
import { readRun } from "@/server/read/run";
import { createLogger, type Logger } from "@/lib/log";
import { ensureCryptoReady } from "@/lib/protocol/epistula";
import { progressEventSchema, runV1Schema, type ProgressEvent, type RunV1 } from "@/lib/protocol/run-schema";
import type { Job, JobsResponse } from "@/lib/schemas/jobs";

import { digestOf } from "./reference-runner";

// Test support: the explorer every runner test talks to. Its real routes (app/api/v1/…) are served over
// loopback HTTP on a test database with the real clock, so the runner meets the code that verifies its
// signatures, leases its jobs, stores its runs and reads one back (runner reproduce); jobs are submissions
// seeded in that database. On top, what a test needs to see and to break: what each route accepted, status
// faults, a withheld run answer, an outage, a clock off the real one, and jobs rewritten as another explorer
// would list them.

export interface TestExplorerOptions {
  /** Default: a database of its own (Postgres when reachable, else PGlite), closed with the explorer. */
  readonly database?: Database;
  /** Default true: a demo network, whose jobs use the shipped corpus. */
  readonly demoNetwork?: boolean;
  readonly log?: Logger;
}

export interface TestExplorer {
  readonly url: string;
  /** The Epistula audience its routes accept (--signed-for). */
  readonly signedFor: string;
  readonly database: Database;
  /** The runs POST /api/v1/runs stored (answered 201), in order. */
  readonly runs: RunV1[];
  /** The progress events POST /api/v1/runs/:runId/progress accepted. */
  readonly progress: { runId: string; event: ProgressEvent }[];
  /** The leases POST /api/v1/jobs/:submissionId/lease granted (claims and renewals). */
  readonly leases: { submissionId: string }[];
  /** What POST /api/v1/runs answered, in order; "withheld" when the run was stored and the answer never sent. */
  readonly runAnswers: (number | "withheld")[];
  /** When set, every route answers this status instead (503: down; 403: refuse). */
  failWith: number | null;
  /** When set, only POST /api/v1/runs answers this status instead. */
  failRunsWith: number | null;
  /** The explorer's clock minus the real one: its routes judge signatures by it, its Date header tells it. */
  clockOffsetMs: number;
  /**
   * When set, GET /api/v1/jobs answers each job through it: the jobs of an explorer this one cannot be (another
   * network's parameters, an older version), in whatever shape that explorer lists them.
   */
  rewriteJobs: ((job: Job) => object) | null;
  /** A new job: a submission of `image` (a reference server's tag picks its behaviour) by a new miner. */
  addJob(image: string): Promise<number>;
  /** The next run post is stored, but its answer never leaves; resolves with its runId once stored. */
  withholdNextRunAnswer(): Promise<string>;
  /** Stops listening and drops every connection: the runner gets no answer at all. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

/** The public read a runner makes (runner reproduce): the read model on this explorer's database. */
const readRunOf = (database: Database, netuid: number): SignedHandler =>
  route(async (_request: Request, { params }: Parameters<SignedHandler>[1]) =>
    Response.json(
      await readRun(readContextOf(database, { netuid, network: "test" }), {
        runId: String((await params).runId),
      }),
    ),
  );

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

const json = (bytes: Buffer): unknown => JSON.parse(bytes.toString("utf8"));

export async function startTestExplorer(options: TestExplorerOptions = {}): Promise<TestExplorer> {
  await ensureCryptoReady();
  const log = options.log ?? createLogger({ test: "explorer" }, "warn");
  const owned = options.database === undefined;
  const database = options.database ?? (await openTestDatabase(postgresAvailable ? "postgres" : "pglite"));
  // The validators' metagraph: the runners sign as //Validator1, which holds a permit.
  await seedMetagraph(database.db, 1000, [neuron(keys.validator1().address, 0, true)]);
  const deps = {
    ...testDeps(database, { settings: { demoNetwork: options.demoNetwork ?? true } }),
    now: () => new Date(Date.now() + explorer.clockOffsetMs),
    log,
  };
  let withhold: ((runId: string) => void) | null = null;
  const routes = [
    ...ROUTES,
    {
      method: "GET",
      pattern: /^\/api\/v1\/runs\/([^/]+)$/,
      handler: readRunOf(database, deps.settings.netuid),
      param: "runId",
    },
  ];
  let nextUid = 10;

  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const route = routes.find((r) => r.method === req.method && r.pattern.test(url.pathname));
    if (route === undefined) return void res.writeHead(404).end();
    const body = await readBody(req);
    const fault = explorer.failWith ?? (route.handler === postRun ? explorer.failRunsWith : null);
    if (fault !== null) {
      if (route.handler === postRun) explorer.runAnswers.push(fault);
      const error = { error: { code: "unavailable", message: "simulated failure" } };
      return void res.writeHead(fault, { "content-type": "application/json" }).end(JSON.stringify(error));
    }
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
    const param = route.param && match?.[1] ? decodeURIComponent(match[1]) : undefined;
    const response = await callRoute(
      route.handler,
      deps,
      request,
      route.param ? { [route.param]: param ?? "" } : {},
    );
    let answer = Buffer.from(await response.arrayBuffer());
    // Dated by the explorer's clock, as a server on that clock would.
    const answerHeaders: Record<string, string> = {
      date: deps.now().toUTCString(),
      ...Object.fromEntries(response.headers),
    };
    if (route.handler === listJobs && response.status === 200 && explorer.rewriteJobs !== null) {
      const listed = json(answer) as JobsResponse;
      answer = Buffer.from(JSON.stringify({ ...listed, jobs: listed.jobs.map(explorer.rewriteJobs) }));
      delete answerHeaders["content-length"];
    }
    if (route.handler === lease && response.status < 300) explorer.leases.push({ submissionId: param ?? "" });
    if (route.handler === postProgress && response.status === 201)
      explorer.progress.push({ runId: param ?? "", event: progressEventSchema.parse(json(body)) });
    if (route.handler === postRun) {
      if (response.status === 201) explorer.runs.push(runV1Schema.parse(json(body)));
      const stored = withhold;
      if (stored !== null && response.status === 201) {
        withhold = null;
        explorer.runAnswers.push("withheld");
        // The runner's connection stays open, unanswered, until the test kills the runner.
        return stored((json(answer) as { runId: string }).runId);
      }
      explorer.runAnswers.push(response.status);
    }
    res.writeHead(response.status, answerHeaders).end(answer);
  };

  const server = http.createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      log.error("test explorer failed", { error });
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
  const explorer: TestExplorer = {
    url: `http://127.0.0.1:${port}`,
    signedFor: SIGNED_FOR,
    database,
    runs: [],
    progress: [],
    leases: [],
    runAnswers: [],
    failWith: null,
    failRunsWith: null,
    clockOffsetMs: 0,
    rewriteJobs: null,
    addJob: (image) => {
      const uid = nextUid++;
      return seedSubmission(database.db, {
        hotkey: keys.validator1().derive(`//Miner${uid}`).address,
        uid,
        commitBlock: 900,
        image,
        // One digest per submission: the same image offered twice is two jobs.
        digest: digestOf(`${image}#${uid}`),
      });
    },
    withholdNextRunAnswer: () => new Promise<string>((resolve) => (withhold = resolve)),
    down,
    up: () => listen(port),
    close: async () => {
      if (server.listening) await down();
      if (owned) await database.close();
    },
  };
  return explorer;
}

/**
 * For a suite with one explorer and a scratch folder: starts both before it and removes both after it. The
 * answer holds them once the suite has started.
 */
export function serveTestExplorer(
  folderPrefix: string,
  options?: TestExplorerOptions,
): { readonly explorer: TestExplorer; readonly dir: string } {
  let explorer: TestExplorer | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    explorer = await startTestExplorer(options);
    dir = await mkdtemp(path.join(os.tmpdir(), folderPrefix));
  });
  afterAll(async () => {
    await explorer?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the test explorer starts when the suite starts");
    return value;
  };
  return {
    get explorer() {
      return started(explorer);
    },
    get dir() {
      return started(dir);
    },
  };
}
