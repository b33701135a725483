import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { executeRows } from "@/db/client";
import { subscribeChanges, type Change } from "@/db/notify";
import { runPrompts, runs, validators } from "@/db/schema";
import { describeEachDatabase } from "@/db/test-support/databases";
import { callRoute, NOW_MS, SIGNED_FOR, type ErrorJson } from "@/server/api/test-support/deps";
import { RUN_REFUSALS, runBody, signedRun, type Edit } from "@/server/api/test-support/run-refusals";
import { signRequest, toRequest } from "@/server/api/test-support/signing";
import { openWorld, type World } from "@/server/api/test-support/world";
import type { RunV1 } from "@/lib/protocol/run-schema";
import { postRunResponseSchema } from "@/lib/schemas/runs";
import { POST } from "./route";

describeEachDatabase("POST /api/v1/runs", (driver) => {
  let w: World;
  beforeAll(async () => {
    w = await openWorld(driver);
  });
  afterAll(() => w?.database.close());

  it.each(RUN_REFUSALS)("POST /api/v1/runs – $name", async (refusal) => {
    const deps = w.deps(refusal.rateLimit ? { rateLimit: refusal.rateLimit } : {});
    let spec = refusal.request(w);
    if (refusal.sendTwice || refusal.rateLimit) {
      expect((await callRoute(POST, deps, spec)).status).toBe(201);
      // The rate limit applies to any request of the hotkey, so the second one is a fresh one.
      if (refusal.rateLimit) spec = refusal.request(w);
    }
    const response = await callRoute(POST, deps, spec);
    const json = (await response.json()) as ErrorJson;
    expect({ status: response.status, code: json.error.code }).toEqual({
      status: refusal.status,
      code: refusal.code,
    });
    expect(json.error.message).toMatch(refusal.message);
    expect(response.headers.get("x-request-id")).toBeTruthy();
    if (refusal.retryAfter) expect(response.headers.get("retry-after")).toBe(refusal.retryAfter);
  });

  it("POST /api/v1/runs – zod failure lists every failing JSON path", async () => {
    const edit: Edit = (r) => {
      (r.prompts[0] as { ttftMs: unknown }).ttftMs = "fast";
      (r.seed as { blockHash: string }).blockHash = "0x12";
    };
    const json = (await (await callRoute(POST, w.deps(), signedRun(w, { edit }))).json()) as ErrorJson;
    expect(json.error.issues?.map((i) => i.path)).toEqual(
      expect.arrayContaining(["$.prompts[0].ttftMs", "$.seed.blockHash"]),
    );
  });

  it("POST /api/v1/runs – doctored score names every field that disagrees", async () => {
    const edit: Edit = (r) => {
      r.summary.medianTtftMs *= 0.5;
      r.summary.ttftImprovement += 0.2;
      r.summary.score += 0.1;
    };
    const response = await callRoute(POST, w.deps(), signedRun(w, { edit }));
    const json = (await response.json()) as ErrorJson;
    expect(response.status).toBe(422);
    expect(json.error.issues?.map((i) => i.path)).toEqual([
      "$.summary.medianTtftMs",
      "$.summary.ttftImprovement",
      "$.summary.score",
    ]);
  });

  it("stores a valid run: 201, the envelope byte for byte, its prompts, the counters and a notification", async () => {
    const changes: Change[] = [];
    const unlisten = await subscribeChanges(w.database, (c) => changes.push(c));
    const spec = signedRun(w);
    const run = JSON.parse(new TextDecoder().decode(spec.body as Uint8Array)) as RunV1;
    const response = await callRoute(POST, w.deps(), spec);
    expect(response.status).toBe(201);
    const answer = postRunResponseSchema.parse(await response.json());
    expect(answer).toMatchObject({ runId: run.runId, submissionId: w.submission.id, result: "stored" });
    expect(answer.score).toBeCloseTo(run.summary.score, 12);

    const [row] = await w.database.db.select().from(runs).where(eq(runs.runId, run.runId));
    expect(Buffer.from(row?.envelope ?? []).equals(Buffer.from(spec.body as Uint8Array))).toBe(true);
    expect(row).toMatchObject({
      validatorHotkey: w.pairs.validator1.address,
      outcome: "scored",
      seedBlock: 1000,
    });
    const prompts = await w.database.db.select().from(runPrompts).where(eq(runPrompts.runId, run.runId));
    expect(prompts).toHaveLength(run.prompts.length);
    const [validator] = await w.database.db
      .select()
      .from(validators)
      .where(eq(validators.hotkey, w.pairs.validator1.address));
    expect(validator?.runnerVersion).toBe("cacheon-runner/1.4.0");
    await vi.waitFor(() =>
      expect(changes).toContainEqual({ type: "run", runId: run.runId, submissionId: w.submission.id }),
    );
    await unlisten();
  });

  it("answers 201, then 200 for the same bytes under a new uuid, then 409 for other bytes", async () => {
    const run = runBody(w);
    const bytes = JSON.stringify(run);
    const post = (body: string) =>
      callRoute(
        POST,
        w.deps(),
        signRequest({
          path: "/api/v1/runs",
          pair: w.pairs.validator1,
          nowMs: NOW_MS,
          signedFor: SIGNED_FOR,
          body,
        }),
      );
    const before = await postedCount(w);
    expect((await post(bytes)).status).toBe(201);
    const again = await post(bytes);
    expect(again.status).toBe(200);
    expect(postRunResponseSchema.parse(await again.json()).result).toBe("already_stored");
    const changed = await post(JSON.stringify({ ...run, runner: { ...run.runner, host: "pod-8" } }));
    expect(changed.status).toBe(409);
    expect(((await changed.json()) as ErrorJson).error.message).toMatch(
      /already stored with a different body/,
    );
    expect(await postedCount(w)).toBe(before + 1);
  });

  it("stores one run when identical posts race: one 201, the rest 200", async () => {
    const bytes = JSON.stringify(runBody(w));
    const specs = Array.from({ length: 8 }, () =>
      signRequest({
        path: "/api/v1/runs",
        pair: w.pairs.validator1,
        nowMs: NOW_MS,
        signedFor: SIGNED_FOR,
        body: bytes,
      }),
    );
    const before = await postedCount(w);
    const statuses = await Promise.all(specs.map(async (s) => (await callRoute(POST, w.deps(), s)).status));
    expect(statuses.sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(await postedCount(w)).toBe(before + 1);
  });

  it("stores a failed run with score 0", async () => {
    const response = await callRoute(POST, w.deps(), signedRun(w, { failed: true }));
    expect(response.status).toBe(201);
    expect(postRunResponseSchema.parse(await response.json())).toMatchObject({ outcome: "failed", score: 0 });
  });

  it("stores a failed run that reports its terms as 0 with the terms it recomputed", async () => {
    const honest = runBody(w, { failed: true });
    const spec = signedRun(w, {
      failed: true,
      edit: (r) => {
        r.runId = honest.runId;
        r.summary.ttftImprovement = 0;
        r.summary.throughputImprovement = 0;
      },
    });
    const response = await callRoute(POST, w.deps(), spec);
    expect(response.status).toBe(201);
    const [row] = await w.database.db.select().from(runs).where(eq(runs.runId, honest.runId));
    expect(honest.summary.ttftImprovement).toBeGreaterThan(0);
    expect(row?.ttftImprovement).toBeCloseTo(honest.summary.ttftImprovement, 12);
    expect(row?.throughputImprovement).toBeCloseTo(honest.summary.throughputImprovement, 12);
    expect(row?.score).toBe(0);
  });

  it("stores a run posted with no Content-Type, as Python's requests.post(data=…) sends it", async () => {
    const request = toRequest(signedRun(w, { contentType: null }));
    expect(request.headers.get("content-type")).toBeNull();
    const response = await callRoute(POST, w.deps(), request);
    expect(response.status).toBe(201);
  });

  it("accepts a timestamp exactly 8 s off either way", async () => {
    for (const skew of [-8_000, 8_000]) {
      expect((await callRoute(POST, w.deps(), signedRun(w, { nowMs: NOW_MS + skew }))).status).toBe(201);
    }
  });
});

async function postedCount(w: World): Promise<number> {
  const [row] = await executeRows<{ runs: number; posted: number }>(
    w.database.db,
    sql`select (select count(*)::int from runs) as runs,
               (select runs_posted from validators where hotkey = ${w.pairs.validator1.address}) as posted`,
  );
  // The counter and the table move together, or a run was counted twice.
  expect(row?.posted ?? 0).toBe(row?.runs ?? 0);
  return row?.runs ?? 0;
}
