import { randomUUID } from "node:crypto";
import type { KeyringPair } from "@polkadot/keyring/types";
import { afterAll, afterEach, beforeAll, expect, it, vi } from "vitest";
import { jobLeases } from "@/db/schema";
import { useTestDatabase } from "@/db/test-support/instance";
import { describeEachDatabase } from "@/db/test-support/databases";
import { callRoute, NOW_MS, SIGNED_FOR } from "@/server/api/test-support/deps";
import { signedRun } from "@/server/api/test-support/run-refusals";
import { signRequest } from "@/server/api/test-support/signing";
import { openWorld, type SeededSubmission, type World } from "@/server/api/test-support/world";
import { evaluationsResponseSchema } from "@/lib/schemas/evaluations";
import { POST as postProgress } from "../runs/[runId]/progress/route";
import { POST as postRun } from "../runs/route";
import { GET } from "./route";

describeEachDatabase("GET /api/v1/evaluations", (driver) => {
  let w: World;
  let restore: () => void;
  beforeAll(async () => {
    w = await openWorld(driver);
    restore = useTestDatabase(w.database);
  });
  afterAll(async () => {
    restore?.();
    await w?.database.close();
  });
  afterEach(() => void vi.useRealTimers());

  const lease = (s: SeededSubmission, pair: KeyringPair) =>
    w.database.db.insert(jobLeases).values({
      submissionId: s.id,
      validatorHotkey: pair.address,
      leasedAt: new Date(NOW_MS),
      expiresAt: new Date(NOW_MS + 60_000),
    });
  const report = async (runId: string, pair: KeyringPair, body: object) => {
    const spec = signRequest({
      path: `/api/v1/runs/${runId}/progress`,
      pair,
      nowMs: NOW_MS,
      signedFor: SIGNED_FOR,
      body: JSON.stringify({ detail: "", at: "2026-05-20T11:59:58.000Z", ...body }),
    });
    expect((await callRoute(postProgress, w.deps(), spec, { runId })).status).toBe(201);
  };
  /** The list as a browser reads it `minutesLater` after the events arrived. */
  const read = async (query = "", minutesLater = 1) => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW_MS + minutesLater * 60_000);
    const response = await GET(new Request(`http://explorer.test/api/v1/evaluations${query}`), {});
    vi.useRealTimers();
    expect(response.status).toBe(200);
    return evaluationsResponseSchema.parse(await response.json());
  };

  const first = randomUUID();
  const second = randomUUID();

  it("lists each run in flight at its latest event: validator, submission, phase and prompt k of N", async () => {
    await lease(w.submission, w.pairs.validator1);
    await lease(w.older, w.pairs.validator2);
    await report(first, w.pairs.validator1, { phase: "warmup", promptIndex: 1, promptCount: 1 });
    await report(first, w.pairs.validator1, { phase: "benchmark", promptIndex: 3, promptCount: 8 });
    await report(second, w.pairs.validator2, { phase: "pulling", detail: "layer 2/9" });
    const answer = await read();
    expect(answer.phases).toEqual([
      "pulling",
      "starting",
      "health",
      "warmup",
      "benchmark",
      "correctness",
      "uploading",
    ]);
    const byRun = new Map(answer.evaluations.map((e) => [e.runId, e]));
    expect(answer.evaluations).toHaveLength(2);
    expect(byRun.get(first)).toMatchObject({
      submissionId: w.submission.id,
      submission: { uid: 2, hotkey: w.submission.hotkey, image: w.submission.image },
      validator: { hotkey: w.pairs.validator1.address, uid: 0 },
      phase: "benchmark",
      promptIndex: 3,
      promptCount: 8,
      startedAt: "2026-05-20T11:59:58.000Z",
    });
    expect(byRun.get(second)).toMatchObject({
      submissionId: w.older.id,
      validator: { hotkey: w.pairs.validator2.address, uid: 1 },
      phase: "pulling",
      detail: "layer 2/9",
      promptIndex: null,
      promptCount: null,
    });
  });

  it("narrows to one submission", async () => {
    const answer = await read(`?submission=${w.older.id}`);
    expect(answer.evaluations.map((e) => e.runId)).toEqual([second]);
    expect((await GET(new Request("http://explorer.test/api/v1/evaluations?submission=x"), {})).status).toBe(
      400,
    );
  });

  it("leaves out a run whose runner has been silent past the lease period", async () => {
    expect((await read("", 14)).evaluations).toHaveLength(2);
    expect((await read("", 16)).evaluations).toHaveLength(0);
  });

  it("drops a run once it is posted", async () => {
    const spec = signedRun(w, { target: w.submission, edit: (run) => (run.runId = first) });
    expect((await callRoute(postRun, w.deps(), spec)).status).toBe(201);
    expect((await read()).evaluations.map((e) => e.runId)).toEqual([second]);
  });
});
