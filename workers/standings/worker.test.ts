import { eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/db/client";
import { publishChange, type Change } from "@/db/notify";
import { getWorkerStatus } from "@/db/queries/status";
import { reigns, submissions } from "@/db/schema";
import { fakeHotkey, seedCursor, seedRun, seedSnapshot, seedSubmission } from "@/db/test-support/seed";
import { describeEachDatabase, openTestDatabase } from "@/db/test-support/databases";
import { createLogger } from "@/lib/log";
import { recomputeStandings } from "./recompute";
import { affectsStandings, STANDINGS_WORKER, startStandingsWorker } from "./worker";

describe("affectsStandings", () => {
  it.each<[Change, boolean]>([
    [{ type: "run", runId: "r", submissionId: 1 }, true],
    [{ type: "progress", runId: "r", submissionId: 1, phase: "pulling" }, true],
    [{ type: "submission", submissionId: 1 }, true],
    [{ type: "block", blockNumber: 5, epoch: true, deregistered: [] }, true],
    [{ type: "block", blockNumber: 5, epoch: false, deregistered: [3] }, true],
    [{ type: "block", blockNumber: 5, epoch: false, deregistered: [] }, false],
    [{ type: "king", submissionId: 1 }, false],
    [{ type: "standings", changedSubmissionIds: [1] }, false],
  ])("%j → %s", (change, expected) => {
    expect(affectsStandings(change)).toBe(expected);
  });
});

describeEachDatabase("startStandingsWorker", (driver) => {
  let database: Database;
  const validator = fakeHotkey("worker-validator");
  beforeAll(async () => {
    database = await openTestDatabase(driver);
    await seedSnapshot(database.db, {
      block: 100,
      neurons: [{ uid: 0, hotkey: validator, stakeRao: 1n, validatorPermit: true }],
    });
    await seedCursor(database.db, 120);
  });
  afterAll(() => database?.close());

  const statusOf = async (id: number) =>
    (await database.db.select().from(submissions).where(eq(submissions.id, id)))[0]?.status;

  it("recomputes at start and again when a run is published, then stops idempotently", async () => {
    const first = await seedSubmission(database.db, { hotkey: fakeHotkey("w1"), uid: 1, commitBlock: 100 });
    await seedRun(database.db, { submissionId: first, validatorHotkey: validator, score: 0.1 });
    const worker = startStandingsWorker(database, {
      netuid: 14,
      network: "finney",
      log: createLogger({}, "error"),
      minIntervalMs: 10,
      safetyIntervalMs: 60_000,
    });
    await vi.waitFor(async () => expect(await statusOf(first)).toBe("scored"), { timeout: 10_000 });

    const second = await seedSubmission(database.db, { hotkey: fakeHotkey("w2"), uid: 2, commitBlock: 101 });
    const runId = await seedRun(database.db, {
      submissionId: second,
      validatorHotkey: validator,
      score: 0.3,
    });
    await publishChange(database.db, { type: "run", runId, submissionId: second });
    // Long before the 60 s safety net: the NOTIFY woke the worker.
    await vi.waitFor(async () => expect(await statusOf(second)).toBe("scored"), { timeout: 10_000 });

    await Promise.all([worker.stop(), worker.stop()]);
    await worker.stop();
    const health = await getWorkerStatus(database.db, STANDINGS_WORKER);
    expect(health).toMatchObject({ state: "running", lastError: null });
    expect(health?.detail).toMatchObject({ netuid: 14, kingSubmissionId: second });
  });

  it("serialises concurrent recomputes: one crowns, the other finds nothing left to do", async () => {
    const third = await seedSubmission(database.db, { hotkey: fakeHotkey("w3"), uid: 3, commitBlock: 102 });
    await seedRun(database.db, { submissionId: third, validatorHotkey: validator, score: 0.9 });
    const now = new Date("2026-01-02T00:00:00Z");
    const results = await Promise.all(
      [1, 2, 3].map(() => recomputeStandings(database.db, { netuid: 14, network: "finney", now })),
    );
    expect(results.filter((r) => r.kingChanged)).toHaveLength(1);
    expect(results.every((r) => r.kingSubmissionId === third)).toBe(true);
    const open = await database.db.select().from(reigns).where(isNull(reigns.toBlock));
    expect(open.map((r) => r.submissionId)).toEqual([third]);
  });
});
