import { isNull } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { emissions, reigns, runs, standingsState, submissions } from "@/db/schema";
import {
  BENCH_NETUID,
  BENCH_NETWORK,
  generateBenchDataset,
  type BenchShape,
} from "@/db/test-support/bench-dataset";
import { describeEachDatabase, openTestDatabase } from "@/db/test-support/databases";
import { recomputeStandings } from "@/workers/standings/recompute";
import { benchNow, settleStandings } from "./standings";

// The bench measures the app on a world its standings agree with: the first pass of the standings worker on a
// generated dataset rewrites no row and finds the same kings and reigns.

const validators = Array.from({ length: 8 }, (_, i) => `5BenchValidator${String(i).padStart(40, "0")}`);
const shape: BenchShape = {
  submissions: 300,
  runsPerSubmission: 4,
  promptsPerRun: 1,
  epochs: 60,
  neurons: 64,
  validators,
};

describeEachDatabase("bench dataset", (driver) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(driver);
    await generateBenchDataset(database.db, shape);
    await settleStandings(database.db, shape);
  }, 120_000);
  afterAll(() => database?.close());

  const rows = async () => ({
    submissions: await database.db.select().from(submissions).orderBy(submissions.id),
    runs: await database.db
      .select({ runId: runs.runId, counted: runs.counted, afterVerdict: runs.afterVerdict })
      .from(runs)
      .orderBy(runs.runId),
    reigns: await database.db.select().from(reigns).orderBy(reigns.id),
    emissions: await database.db.select().from(emissions).orderBy(emissions.blockNumber),
  });

  it("is a world the standings agree with: their first pass rewrites nothing", async () => {
    const before = await rows();
    expect(before.reigns.length).toBeGreaterThan(1);
    expect(before.emissions.some((e) => e.emissionRao > 0n)).toBe(true);
    const result = await recomputeStandings(database.db, {
      netuid: BENCH_NETUID,
      network: BENCH_NETWORK,
      now: new Date(benchNow(shape).getTime() + 60_000),
    });
    expect(result).toMatchObject({
      kingChanged: false,
      changedSubmissionIds: [],
      reignsChanged: false,
      emissionsChanged: false,
    });
    expect(await rows()).toEqual(before);
    const [king] = await database.db.select().from(reigns).where(isNull(reigns.toBlock));
    expect(result.kingSubmissionId).not.toBeNull();
    expect(result.kingSubmissionId).toBe(king?.submissionId);

    // And a rebuild from the stored rows alone (no frozen state) finds the same.
    await database.db.delete(standingsState);
    const rebuilt = await recomputeStandings(database.db, {
      netuid: BENCH_NETUID,
      network: BENCH_NETWORK,
      now: new Date(benchNow(shape).getTime() + 120_000),
    });
    expect(rebuilt).toMatchObject({
      changedSubmissionIds: [],
      reignsChanged: false,
      emissionsChanged: false,
    });
    expect(await rows()).toEqual(before);
  });
});
