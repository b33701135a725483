import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { getStandingsState, listSubmissionsForStandings } from "@/db/queries/standings";
import { emissions } from "@/db/schema";
import {
  blockTime,
  fakeHotkey,
  seedCursor,
  seedRun,
  seedSnapshot,
  seedSubmission,
  type SeedNeuron,
} from "@/db/test-support/seed";
import { describeEachDatabase, openTestDatabase } from "@/db/test-support/databases";
import { recomputeStandings } from "./recompute";

// A pass reads what is not settled at the frozen block, and never the history before it: settled submissions
// are read again only for a new run or while their reign is open, and per-epoch emission rows up to the
// frozen block are neither read nor written.

const TAO = 1_000_000_000n;
const V = fakeHotkey("incremental-validator");
const [A, B, C] = ["inc-a", "inc-b", "inc-c"].map((n) => fakeHotkey(n)) as [string, string, string];
const neurons: SeedNeuron[] = [
  { uid: 0, hotkey: V, stakeRao: 100n * TAO, validatorPermit: true, registrationBlock: 5 },
  { uid: 1, hotkey: A, registrationBlock: 90, emissionRao: TAO },
  { uid: 2, hotkey: B, registrationBlock: 91 },
  { uid: 3, hotkey: C, registrationBlock: 92 },
];

describeEachDatabase("incremental standings pass", (driver) => {
  let database: Database;
  const ids: Record<string, number> = {};
  const pass = (block: number) =>
    recomputeStandings(database.db, { netuid: 14, network: "finney", now: blockTime(block) });
  const readSet = async () => {
    const state = await getStandingsState(database.db, 14);
    const rows = await listSubmissionsForStandings(database.db, 14, state?.block ?? null);
    return rows.map((r) => r.id);
  };
  const emissionAt = async (block: number) =>
    (
      await database.db
        .select()
        .from(emissions)
        .where(and(eq(emissions.netuid, 14), eq(emissions.blockNumber, block)))
    )[0]?.emissionRao;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
  });
  afterAll(() => database?.close());

  it("reads a settled submission again only for a new run or an open reign", async () => {
    const db = database.db;
    await seedSnapshot(db, { block: 100, neurons });
    await seedCursor(db, 200);
    ids.A = await seedSubmission(db, { hotkey: A, uid: 1, commitBlock: 150, registrationBlock: 90 });
    await seedRun(db, { submissionId: ids.A, validatorHotkey: V, score: 0.3 });
    expect(await pass(200)).toMatchObject({ kingSubmissionId: ids.A });

    await seedCursor(db, 300);
    ids.B = await seedSubmission(db, { hotkey: B, uid: 2, commitBlock: 270, registrationBlock: 91 });
    ids.C = await seedSubmission(db, { hotkey: C, uid: 3, commitBlock: 260, registrationBlock: 92 });
    await seedRun(db, { submissionId: ids.C, validatorHotkey: V, score: 0.1 });
    await pass(300);
    await seedCursor(db, 400);
    await pass(400);
    // A is settled but king (its reign is open), B waits for runs, C (committed before B, so not held back by
    // it) was ranked at 300 and is settled.
    expect((await getStandingsState(db, 14))?.block).toBe(399);
    expect(await readSet()).toEqual([ids.A, ids.B]);

    // A run for C arrives after its verdict: C is read again, once, to measure its validator's agreement anew.
    await seedRun(db, { submissionId: ids.C, validatorHotkey: V, score: 0.5 });
    expect(await readSet()).toEqual([ids.A, ids.B, ids.C]);
    expect(await pass(400)).toMatchObject({ kingSubmissionId: ids.A, changedSubmissionIds: [ids.C] });
    expect(await readSet()).toEqual([ids.A, ids.B]);
  });

  it("neither reads nor rewrites the emission rows up to the frozen block", async () => {
    const db = database.db;
    await seedSnapshot(db, { block: 450, neurons });
    await seedCursor(db, 500);
    await pass(500);
    expect(await emissionAt(450)).toBe(TAO);
    // The next epoch lies after the frozen block (499): its row is recomputed, the one at 450 is final.
    await seedSnapshot(db, { block: 500, neurons });
    await pass(500);
    await db.update(emissions).set({ emissionRao: 7n }).where(eq(emissions.netuid, 14));
    await pass(500);
    expect(await emissionAt(450)).toBe(7n);
    expect(await emissionAt(500)).toBe(TAO);
  });
});
