import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/db/client";
import { useTestDatabase } from "@/db/test-support/instance";
import {
  fakeHotkey,
  seedCommitment,
  seedCursor,
  seedRun,
  seedSnapshot,
  seedSubmission,
  seedValidator,
} from "@/db/test-support/seed";
import { describeEachDatabase, openTestDatabase } from "@/db/test-support/databases";
import { runV1Schema } from "@/lib/protocol/run-schema";
import { emissionsResponseSchema } from "@/lib/schemas/emissions";
import { minerResponseSchema } from "@/lib/schemas/miners";
import { runDetailSchema } from "@/lib/schemas/run-detail";
import { submissionDetailSchema } from "@/lib/schemas/submission-detail";
import { validatorsResponseSchema } from "@/lib/schemas/validators";
import { apiRead, type ApiRead, type ReadRoute } from "@/lib/client/reads";
import { matchRoute } from "@/server/api/route-table";
import { read } from "@/server/read";
import { recomputeStandings } from "@/workers/standings/recompute";
import { API_ROUTES } from "../routes";
import { GET as getEmissions } from "./emissions/route";
import { GET as getKings } from "./kings/route";
import { GET as getMiner } from "./miners/[hotkey]/route";
import { GET as getRun } from "./runs/[runId]/route";
import { GET as getSubmission } from "./submissions/[id]/route";
import { GET as getValidators } from "./validators/route";

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;
const call = <P>(handler: Handler<P>, path: string, params: P) =>
  handler(new Request(`http://explorer.test${path}`), { params: Promise.resolve(params) });
const list = (handler: (r: Request, c: Record<string, never>) => Promise<Response>, path: string) =>
  handler(new Request(`http://explorer.test${path}`), {});

const V1 = fakeHotkey("read-v1");
const V2 = fakeHotkey("read-v2");
const M = fakeHotkey("read-miner");
const K = fakeHotkey("read-king");
const TAO = 1_000_000_000n;

describeEachDatabase("read routes", (driver) => {
  let database: Database;
  let restore: () => void;
  let miner = 0;
  let failedRun = "";
  beforeAll(async () => {
    database = await openTestDatabase(driver);
    restore = useTestDatabase(database);
    const db = database.db;
    const neurons = (kingEmission: bigint) => [
      { uid: 0, hotkey: V1, stakeRao: 300n * TAO, validatorPermit: true },
      { uid: 9, hotkey: V2, stakeRao: 100n * TAO, validatorPermit: true },
      { uid: 2, hotkey: M, registrationBlock: 50 },
      { uid: 3, hotkey: K, registrationBlock: 60, emissionRao: kingEmission },
    ];
    await seedSnapshot(db, { block: 100, neurons: neurons(0n) });
    await seedCursor(db, 200);
    miner = await seedSubmission(db, { hotkey: M, uid: 2, commitBlock: 110, registrationBlock: 50 });
    await seedCommitment(db, {
      hotkey: M,
      uid: 2,
      commitBlock: 120,
      text: JSON.stringify({ image: "docker.io/m/other:v2", digest: `sha256:${"b".repeat(64)}` }),
      disposition: "ignored",
      submissionId: miner,
    });
    await seedCommitment(db, {
      hotkey: M,
      uid: 2,
      commitBlock: 130,
      text: "{oops",
      parseError: "bad_json",
      parseErrorMessage: "not valid JSON",
      disposition: "unparseable",
    });
    const king = await seedSubmission(db, { hotkey: K, uid: 3, commitBlock: 115, registrationBlock: 60 });
    // V1 (300) fails M's correctness, V2 (100) scores it: the failure holds the stake majority.
    // Accepted in this order (one anchor block): V1's failure is the subnet's first counted run.
    const at = (s: number) => new Date(Date.parse("2026-01-01T00:30:00Z") + s * 1000);
    failedRun = await seedRun(db, {
      submissionId: miner,
      validatorHotkey: V1,
      outcome: "failed",
      failureReason: "correctness_failed",
      finishedAt: at(0),
    });
    await seedRun(db, { submissionId: miner, validatorHotkey: V2, score: 0.3, finishedAt: at(1) });
    await seedRun(db, { submissionId: king, validatorHotkey: V1, score: 0.2, finishedAt: at(2) });
    await seedValidator(db, { hotkey: V1, runsPosted: 2, runnerVersion: "1.2.0" });
    await recomputeStandings(db, { netuid: 14, network: "finney", now: new Date("2026-01-01T00:40:00Z") });
    // An epoch paying the king's UID 2 alpha at 0.5 TAO per alpha (a moving price, no pool reserves).
    await seedSnapshot(db, { block: 500, alphaPriceTao: 0.5, neurons: neurons(2n * TAO) });
    await seedCursor(db, 500);
    await recomputeStandings(db, { netuid: 14, network: "finney", now: new Date("2026-01-01T01:40:00Z") });
  });
  afterAll(async () => {
    restore?.();
    await database?.close();
  });

  it("GET /api/v1/submissions/{id} – commitment, verdict, runs and the first divergence", async () => {
    const response = await call(getSubmission, `/api/v1/submissions/${miner}`, { id: String(miner) });
    expect(response.status).toBe(200);
    const body = submissionDetailSchema.parse(await response.json());
    expect(body.submission).toMatchObject({
      id: miner,
      status: "failed",
      failureReason: "correctness_failed",
    });
    expect(body.commitment?.rawHex.startsWith("0x7b22696d616765223a")).toBe(true); // {"image":
    expect(body.commitment?.parsed?.image).toBe("docker.io/miner2/fast-qwen:v1");
    expect(body.verdict.failure).toMatchObject({ code: "correctness_failed", countsAgainstMiner: true });
    expect(body.runs).toHaveLength(2);
    const failed = body.runs.find((r) => r.runId === failedRun);
    expect(failed).toMatchObject({ counted: true, agrees: true, outcome: "failed" });
    expect(failed?.firstDivergence).toMatchObject({ promptIndex: 1, position: 17, minerToken: " a" });
    expect(failed?.prompts).toHaveLength(10);
    // V1 (300 of the 300 active at the anchor block) made the verdict final alone: V2's run came after it.
    expect(body.runs.find((r) => r.validatorHotkey === V2)).toMatchObject({
      counted: true,
      inVerdict: false,
      afterVerdict: true,
      agrees: false,
    });
    expect(body.verdict.finality).toMatchObject({
      status: "final",
      how: "quorum",
      quorumStakeRao: "300000000000",
    });
    expect(body.logTail).toContain("ERROR");
  });

  it("GET /api/v1/runs/{runId} – the envelope parsed back, and what was derived", async () => {
    const response = await call(getRun, `/api/v1/runs/${failedRun}`, { runId: failedRun });
    const body = runDetailSchema.parse(await response.json());
    expect(runV1Schema.safeParse(body.posted).success).toBe(true);
    expect(body.derived).toMatchObject({ submissionId: miner, submissionStatus: "failed" });
    expect(body.derived.run).toMatchObject({
      runId: failedRun,
      counted: true,
      inVerdict: true,
      afterVerdict: false,
    });
    expect(body.derived.run.anchorBlock).toBeGreaterThan(0);
  });

  it("GET /api/v1/miners/{hotkey} – UID history, every commitment with its reason, submissions", async () => {
    const response = await call(getMiner, `/api/v1/miners/${M}`, { hotkey: M });
    const body = minerResponseSchema.parse(await response.json());
    // The seed gives every neuron the coldkey fakeHotkey(`cold:<hotkey>`) (db/test-support/seed.ts).
    expect(body.coldkey).toBe(fakeHotkey(`cold:${M}`));
    expect(body.uidHistory).toEqual([
      expect.objectContaining({ uid: 2, registrationBlock: 50, firstSeenBlock: 100, lastSeenBlock: 500 }),
    ]);
    expect(body.commitments.map((c) => [c.disposition, c.reason?.code ?? null])).toEqual([
      ["submission", null],
      ["ignored", "ignored"],
      ["unparseable", "bad_json"],
    ]);
    expect(body.submissions.map((s) => s.id)).toEqual([miner]);
  });

  it("GET /api/v1/validators – stake order, activity and agreement with the consensus", async () => {
    const body = validatorsResponseSchema.parse(
      await (await list(getValidators, "/api/v1/validators")).json(),
    );
    expect(body.snapshotBlock).toBe(500);
    expect(body.validators).toEqual([
      expect.objectContaining({
        hotkey: V1,
        uid: 0,
        coldkey: fakeHotkey(`cold:${V1}`),
        stakeRao: "300000000000",
        permit: true,
        runsPosted: 2,
        runnerVersion: "1.2.0",
        agreement: { agreeing: 2, counted: 2, rate: 1 },
      }),
      expect.objectContaining({ hotkey: V2, runsPosted: 0, agreement: { agreeing: 0, counted: 1, rate: 0 } }),
    ]);
  });

  it("GET /api/v1/emissions – per-epoch emission to the king's UID in the range", async () => {
    const response = await list(getEmissions, "/api/v1/emissions?from=2026-01-01&to=2026-01-02T00:00:00Z");
    const body = emissionsResponseSchema.parse(await response.json());
    // 2 alpha at 0.5 TAO = 1 TAO; the epoch at 100 came before any king.
    expect(body.epochs.map((e) => [e.block, e.kingUid, e.emissionRao, e.taoValueRao])).toEqual([
      [100, null, "0", "0"],
      [500, 3, "2000000000", "1000000000"],
    ]);
    expect(body.total).toEqual({ alphaRao: "2000000000", taoRao: "1000000000", epochs: 2 });
    const csv = await (await list(getEmissions, "/api/v1/emissions?from=2026-01-01&format=csv")).text();
    expect(csv.split("\r\n")[0]).toBe(
      "block,time,king_submission_id,king_uid,king_hotkey,emission_rao,alpha_price_tao,price_source,tao_value_rao,tempo",
    );
  });

  it("GET /api/v1/kings?format=csv – one line per reign after the header", async () => {
    const response = await list(getKings, "/api/v1/kings?format=csv");
    expect(response.headers.get("content-disposition")).toContain("kings.csv");
    const lines = (await response.text()).trimEnd().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(K);
  });

  it("a page's read (server/read) answers what the route answers, for every read of lib/client/reads.ts", async () => {
    vi.useFakeTimers({ now: new Date("2026-01-01T02:00:00Z"), toFake: ["Date"] });
    try {
      // Keyed by route, so a read added to ApiReads without a case here fails to compile.
      const reads: { [R in ReadRoute]: ApiRead<R> } = {
        "/api/v1/emissions": apiRead("/api/v1/emissions", {}, { from: "2025-12-01" }),
        "/api/v1/evaluations": apiRead("/api/v1/evaluations"),
        "/api/v1/king": apiRead("/api/v1/king"),
        "/api/v1/kings": apiRead("/api/v1/kings", {}, { limit: 1 }),
        "/api/v1/miners/[hotkey]": apiRead("/api/v1/miners/[hotkey]", { hotkey: M }),
        "/api/v1/status": apiRead("/api/v1/status"),
        "/api/v1/submissions": apiRead("/api/v1/submissions", {}, { sort: "commitBlock", limit: 1 }),
        "/api/v1/submissions/[id]": apiRead("/api/v1/submissions/[id]", { id: String(miner) }),
        "/api/v1/validators": apiRead("/api/v1/validators"),
      };
      for (const request of Object.values(reads)) {
        const match = matchRoute(API_ROUTES, request.path.split("?")[0] as string);
        const handler = match?.route.module.GET;
        if (!match || !handler) throw new Error(`no route serves ${request.path}`);
        const response = await handler(new Request(`http://explorer.test${request.path}`), {
          params: Promise.resolve(match.params),
        });
        expect(response.status, request.path).toBe(200);
        expect(await read(request), request.path).toStrictEqual(await response.json());
      }
    } finally {
      vi.useRealTimers();
    }
  });

  describe("errors", () => {
    const missingRun = "00000000-0000-4000-8000-000000000000";
    it.each<[string, () => Promise<Response>]>([
      ["/api/v1/submissions/999999", () => call(getSubmission, "/", { id: "999999" })],
      ["/api/v1/submissions/abc", () => call(getSubmission, "/", { id: "abc" })],
      ["/api/v1/runs/not-a-uuid", () => call(getRun, "/", { runId: "not-a-uuid" })],
      [`/api/v1/runs/${missingRun}`, () => call(getRun, "/", { runId: missingRun })],
      ["/api/v1/miners/5Unknown", () => call(getMiner, "/", { hotkey: "5Unknown" })],
    ])("%s – 404 not_found", async (_path, request) => {
      const response = await request();
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("not_found");
    });

    it.each([
      ["?from=2026-02-01&to=2026-01-01", "$.from"],
      ["?from=yesterday", "$.from"],
      ["?format=xml", "$.format"],
    ])("GET /api/v1/emissions%s – 400 invalid_query", async (query, path) => {
      const response = await list(getEmissions, `/api/v1/emissions${query}`);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { code: string; issues: { path: string }[] } };
      expect(body.error.code).toBe("invalid_query");
      expect(body.error.issues.map((i) => i.path)).toContain(path);
    });
  });
});
