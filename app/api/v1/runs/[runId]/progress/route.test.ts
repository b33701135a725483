import { randomUUID } from "node:crypto";
import type { KeyringPair } from "@polkadot/keyring/types";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { subscribeChanges, type Change } from "@/db/notify";
import { jobLeases, runProgress } from "@/db/schema";
import { describeEachDatabase } from "@/db/test-support/databases";
import { callRoute, NOW_MS, SIGNED_FOR, type ErrorJson } from "@/server/api/test-support/deps";
import { signedRun } from "@/server/api/test-support/run-refusals";
import { signRequest } from "@/server/api/test-support/signing";
import { openWorld, type World } from "@/server/api/test-support/world";
import { postProgressResponseSchema } from "@/lib/schemas/runs";
import { POST as postRun } from "../../route";
import { POST } from "./route";

describeEachDatabase("POST /api/v1/runs/{runId}/progress", (driver) => {
  let w: World;
  beforeAll(async () => {
    w = await openWorld(driver);
  });
  afterAll(() => w?.database.close());

  const report = (runId: string, body: object | string, pair: KeyringPair = w.pairs.validator1) => {
    const spec = signRequest({
      path: `/api/v1/runs/${runId}/progress`,
      pair,
      nowMs: NOW_MS,
      signedFor: SIGNED_FOR,
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return callRoute(POST, w.deps(), spec, { runId });
  };
  const event = (phase: string) => ({ phase, detail: `${phase}…`, at: "2026-05-20T11:59:58.000Z" });
  const leaseFor = (submissionId: number, hotkey: string) =>
    w.database.db.insert(jobLeases).values({
      submissionId,
      validatorHotkey: hotkey,
      leasedAt: new Date(NOW_MS),
      expiresAt: new Date(NOW_MS + 60_000),
    });

  it("stores an event, ties it to the validator's only live lease and announces it", async () => {
    await leaseFor(w.submission.id, w.pairs.validator1.address);
    const changes: Change[] = [];
    const unlisten = await subscribeChanges(w.database, (c) => changes.push(c));
    const runId = randomUUID();
    const response = await report(runId, event("pulling"));
    expect(response.status).toBe(201);
    expect(postProgressResponseSchema.parse(await response.json())).toMatchObject({
      runId,
      submissionId: w.submission.id,
      phase: "pulling",
    });
    const rows = await w.database.db.select().from(runProgress).where(eq(runProgress.runId, runId));
    expect(rows).toMatchObject([
      { phase: "pulling", detail: "pulling…", validatorHotkey: w.pairs.validator1.address },
    ]);
    expect(rows[0]?.at.toISOString()).toBe("2026-05-20T11:59:58.000Z");
    await vi.waitFor(() =>
      expect(changes).toContainEqual({
        type: "progress",
        runId,
        submissionId: w.submission.id,
        phase: "pulling",
      }),
    );
    await unlisten();
  });

  it("keeps a run's submission for later events, and leaves it unknown with several live leases", async () => {
    const first = randomUUID();
    await report(first, event("pulling"));
    await leaseFor(w.older.id, w.pairs.validator1.address);
    const later = postProgressResponseSchema.parse(await (await report(first, event("health"))).json());
    expect(later.submissionId).toBe(w.submission.id);
    const other = postProgressResponseSchema.parse(
      await (await report(randomUUID(), event("pulling"))).json(),
    );
    expect(other.submissionId).toBeNull();
  });

  it("takes the submission from the posted run once there is one", async () => {
    const runId = randomUUID();
    const spec = signedRun(w, { target: w.older, edit: (run) => (run.runId = runId) });
    expect((await callRoute(postRun, w.deps(), spec)).status).toBe(201);
    const answer = postProgressResponseSchema.parse(await (await report(runId, event("uploading"))).json());
    expect(answer.submissionId).toBe(w.older.id);
  });

  it("ties the next job's events to the one lease still open once the other's run is stored", async () => {
    // Both leases are unexpired, but the older submission's run was stored in the test above: only the
    // other lease is still waiting for a run, so a new run's progress belongs to it.
    const answer = postProgressResponseSchema.parse(
      await (await report(randomUUID(), event("pulling"))).json(),
    );
    expect(answer.submissionId).toBe(w.submission.id);
  });

  it("POST /api/v1/runs/{runId}/progress – another validator's run", async () => {
    const runId = randomUUID();
    await report(runId, event("pulling"));
    const response = await report(runId, event("health"), w.pairs.validator2);
    expect(response.status).toBe(409);
    expect(((await response.json()) as ErrorJson).error.message).toMatch(/belongs to another validator/);
  });

  it("stores which prompt of the phase is being sent, and leaves it null when the runner does not say", async () => {
    const runId = randomUUID();
    expect((await report(runId, { ...event("benchmark"), promptIndex: 3, promptCount: 8 })).status).toBe(201);
    expect((await report(runId, event("uploading"))).status).toBe(201);
    const rows = await w.database.db
      .select({ phase: runProgress.phase, k: runProgress.promptIndex, n: runProgress.promptCount })
      .from(runProgress)
      .where(eq(runProgress.runId, runId))
      .orderBy(runProgress.id);
    expect(rows).toEqual([
      { phase: "benchmark", k: 3, n: 8 },
      { phase: "uploading", k: null, n: null },
    ]);
  });

  it("POST /api/v1/runs/{runId}/progress – a prompt past the phase's count", async () => {
    const response = await report(randomUUID(), { ...event("benchmark"), promptIndex: 9, promptCount: 8 });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorJson).error.message).toContain("$.promptIndex");
  });

  it("POST /api/v1/runs/{runId}/progress – unknown phase", async () => {
    const response = await report(randomUUID(), event("compiling"));
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorJson).error.message).toContain("$.phase");
  });

  it("POST /api/v1/runs/{runId}/progress – runId not a UUID", async () => {
    const response = await report("run-1", event("pulling"));
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorJson).error).toMatchObject({
      code: "invalid_query",
      message: expect.stringContaining("runId"),
    });
  });
});
