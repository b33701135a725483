import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { GET as getKing } from "@/app/api/v1/king/route";
import { GET as getKings } from "@/app/api/v1/kings/route";
import { GET as getSubmissions } from "@/app/api/v1/submissions/route";
import type { Database } from "@/db/client";
import { emissions, reigns, runs, standingsState, submissions, validators } from "@/db/schema";
import { useTestDatabase } from "@/db/test-support/instance";
import { postRun, type PostRun } from "@/server/api/test-support/post-run";
import {
  blockTime,
  fakeHotkey,
  seedCursor,
  seedProgress,
  seedSnapshot,
  seedSubmission,
  type SeedNeuron,
} from "@/db/test-support/seed";
import { describeEachDatabase, openTestDatabase } from "@/db/test-support/databases";
import { testPairs } from "@/server/api/test-support/world";
import { kingResponseSchema } from "@/lib/schemas/king";
import { kingsResponseSchema } from "@/lib/schemas/kings";
import { submissionsResponseSchema } from "@/lib/schemas/submissions";
import { recomputeStandings } from "./recompute";

// A realistic history replayed through the HTTP API, checked against numbers worked out by hand. Chain state
// (snapshots, submissions, the cursor) is seeded as chain ingest would store it; every run is posted to
// POST /api/v1/runs, signed with Epistula v2 by a real sr25519 validator key, with the route's clock at the
// step's block time, and then the standings are recomputed (as the worker does on the run's NOTIFY). Blocks
// are 12 s from T0 = 2026-01-01T00:00:00Z, and each step runs at the time of its chain head, so a verdict
// first seen final at block b has final_at = T(b). Two validators: V1 (//Validator1) with 300 TAO of stake,
// V2 (//Validator2) with 100. A run of score s measures a TTFT s faster and a throughput s higher than vLLM's
// 500 ms and 62.5 tokens/s (0.2015: 399.25 ms and 75.09375 tokens/s), which the route recomputes exactly.

const pairs = await testPairs();
const [V1, V2] = [pairs.validator1.address, pairs.validator2.address];
const [A, B, C, D, E, F, G, H, X] = ["a", "b", "c", "d", "e", "f", "g", "h", "x"].map((n) =>
  fakeHotkey(n),
) as [string, string, string, string, string, string, string, string, string];
const TAO = 1_000_000_000n;
// Every snapshot prices alpha at 2000 TAO / 100000 alpha = 0.02 TAO.
const POOL = { subnetTaoRao: 2_000n * TAO, subnetAlphaInRao: 100_000n * TAO, alphaPriceTao: 0.02 };

const base = (uid5: SeedNeuron, uid6: SeedNeuron, extra: SeedNeuron[] = []): SeedNeuron[] => [
  { uid: 0, hotkey: V1, stakeRao: 300n * TAO, validatorPermit: true, registrationBlock: 5 },
  { uid: 9, hotkey: V2, stakeRao: 100n * TAO, validatorPermit: true, registrationBlock: 6 },
  { uid: 1, hotkey: A, registrationBlock: 900 },
  { uid: 2, hotkey: B, registrationBlock: 910 },
  { uid: 3, hotkey: C, registrationBlock: 920 },
  { uid: 4, hotkey: D, registrationBlock: 930 },
  uid5,
  uid6,
  ...extra,
];
const old5 = { uid: 5, hotkey: fakeHotkey("old-5"), registrationBlock: 10 };
const old6 = { uid: 6, hotkey: fakeHotkey("old-6"), registrationBlock: 11 };

async function json(handler: (r: Request, c: Record<string, never>) => Promise<Response>, path: string) {
  const response = await handler(new Request(`http://explorer.test${path}`), {});
  expect(response.status).toBe(200);
  return response.json() as Promise<unknown>;
}

describeEachDatabase("king history scenario", (driver) => {
  let database: Database;
  let restore: () => void;
  const ids: Record<string, number> = {};
  const step = (block: number) =>
    recomputeStandings(database.db, { netuid: 14, network: "finney", now: blockTime(block) });
  let posted = 0;
  /**
   * Posts a run signed by V1 or V2, received at the time of `block` plus one millisecond per earlier post, so
   * runs of one anchor block are accepted in the order they are posted; postRun throws unless it answers 201.
   */
  const post = async (block: number, run: Omit<PostRun, "at">) => {
    const at = new Date(blockTime(block).getTime() + ++posted);
    const stored = await postRun(database, { ...run, at });
    expect(stored).toMatchObject({ result: "stored", submissionId: run.submissionId, score: run.score ?? 0 });
  };
  const v1 = pairs.validator1;
  const v2 = pairs.validator2;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    restore = useTestDatabase(database);
    vi.useFakeTimers({ toFake: ["Date"] });
  });
  afterAll(async () => {
    vi.useRealTimers();
    restore?.();
    await database?.close();
  });

  it("replays the history step by step", async () => {
    const db = database.db;
    // 1. V1's 0.20 for A is the subnet's first counted run: V1 alone is active at 1100, so it is the quorum
    //    and A is final at 1100 with 0.20. V2's 0.10, accepted after it, came after the verdict and changes
    //    nothing (it only counts against V2's agreement). No king yet: A is crowned at 1100 with threshold 0.
    await seedSnapshot(db, { block: 1000, ...POOL, neurons: base(old5, old6) });
    await seedCursor(db, 1100);
    ids.A = await seedSubmission(db, { hotkey: A, uid: 1, commitBlock: 1000, registrationBlock: 900 });
    ids.B = await seedSubmission(db, {
      hotkey: B,
      uid: 2,
      commitBlock: 1050,
      registrationBlock: 910,
      image: "docker.io/copycat/fast-qwen:v1",
      digest: (await db.select().from(submissions))[0]!.digest,
    });
    await post(1100, { submissionId: ids.A, pair: v1, score: 0.2 });
    await post(1100, { submissionId: ids.A, pair: v2, score: 0.1 });
    expect(await step(1100)).toMatchObject({ kingSubmissionId: ids.A, kingChanged: true });

    // 2. B, a later commit of A's digest by another hotkey, final at 1200: duplicate of A, whatever it scores.
    //    C has a runner on it (progress, no run yet): evaluating.
    await seedCursor(db, 1200);
    ids.C = await seedSubmission(db, { hotkey: C, uid: 3, commitBlock: 1100, registrationBlock: 920 });
    ids.D = await seedSubmission(db, { hotkey: D, uid: 4, commitBlock: 1150, registrationBlock: 930 });
    await post(1200, { submissionId: ids.B, pair: v1, score: 0.25 });
    await seedProgress(db, { submissionId: ids.C, validatorHotkey: V1 });
    expect(await step(1200)).toMatchObject({ kingSubmissionId: ids.A, kingChanged: false });
    const [c] = await db.select().from(submissions).where(eqId(ids.C));
    expect(c?.status).toBe("evaluating");

    // 3. At 1300 (age 200): ε = 0.01 × (1 − 200/50400) = 0.0099603…, to beat 0.2 × 1.0099603 = 0.2019921.
    //    C scores 0.201 on both: a near miss, ranked. D: V1 (300) fails correctness, V2 (100) scores 0.5; the
    //    failed stake 300 is a strict majority of 400, so D fails with correctness_failed.
    await seedCursor(db, 1300);
    await post(1300, { submissionId: ids.C, pair: v1, score: 0.201 });
    await post(1300, { submissionId: ids.C, pair: v2, score: 0.201 });
    await post(1300, {
      submissionId: ids.D,
      pair: v1,
      outcome: "failed",
      failureReason: "correctness_failed",
    });
    await post(1300, { submissionId: ids.D, pair: v2, score: 0.5 });
    await step(1300);

    // 4. E registers on UID 5 at 1990 (seen in the snapshot at 2100) and commits at 2000. A's UID earns 2 alpha.
    await seedSnapshot(db, {
      block: 2100,
      ...POOL,
      neurons: base({ uid: 5, hotkey: E, registrationBlock: 1990 }, old6).map((n) =>
        n.uid === 1 ? { ...n, emissionRao: 2n * TAO } : n,
      ),
    });
    await seedCursor(db, 2100);
    ids.E = await seedSubmission(db, { hotkey: E, uid: 5, commitBlock: 2000, registrationBlock: 1990 });
    await step(2100);

    // 5. E is final at 41100, age 40000: ε = 0.01 × (1 − 40000/50400) = 0.0020635, to beat
    //    0.2 × 1.0020635 = 0.2004127. E: V1 0.2015 (300), V2 0.19 (100) → 0.2015 > 0.2004127: crowned. (At age 0
    //    it would have needed 0.202.)
    await seedCursor(db, 41_100);
    await post(41_100, { submissionId: ids.E, pair: v1, score: 0.2015 });
    await post(41_100, { submissionId: ids.E, pair: v2, score: 0.19 });
    expect(await step(41_100)).toMatchObject({ kingSubmissionId: ids.E, kingChanged: true });

    // 6. An epoch at 41200 pays E's UID 5 three alpha (A's UID 1 gets one, but A no longer reigns).
    await seedSnapshot(db, {
      block: 41_200,
      ...POOL,
      neurons: base({ uid: 5, hotkey: E, registrationBlock: 1990, emissionRao: 3n * TAO }, old6).map((n) =>
        n.uid === 1 ? { ...n, emissionRao: TAO } : n,
      ),
    });
    await seedCursor(db, 41_200);
    await step(41_200);
    // A registration at 41250 snapshots the subnet between epochs: its Emission repeats the 41200 epoch's
    // and must not be paid a second time.
    await seedSnapshot(db, {
      block: 41_250,
      kind: "registration",
      ...POOL,
      neurons: base({ uid: 5, hotkey: E, registrationBlock: 1990, emissionRao: 3n * TAO }, old6),
    });
    await seedCursor(db, 41_250);
    await step(41_250);

    // 7. The snapshot at 50000 shows X on UID 5 since block 49990: E's hotkey left, the throne is cleared at
    //    49990 (onKingGone "clear"). F registered on UID 6 at 48990 and committed at 49000.
    await seedSnapshot(db, {
      block: 50_000,
      ...POOL,
      neurons: base(
        { uid: 5, hotkey: X, registrationBlock: 49_990, emissionRao: 4n * TAO },
        { uid: 6, hotkey: F, registrationBlock: 48_990 },
      ),
    });
    await seedCursor(db, 50_000);
    ids.F = await seedSubmission(db, { hotkey: F, uid: 6, commitBlock: 49_000, registrationBlock: 48_990 });
    expect(await step(50_000)).toMatchObject({ kingSubmissionId: null, kingChanged: true });
    const empty = kingResponseSchema.parse(await json(getKing, "/api/v1/king"));
    expect(empty.king).toBeNull();
    expect(empty.reason).toContain("since block 49990");
    expect(empty.reason).toContain("UID 5");

    // 8. F scores 0.05 on both at 50100: after a clearing the threshold is 0, so a lower score is crowned.
    await seedCursor(db, 50_100);
    await post(50_100, { submissionId: ids.F, pair: v1, score: 0.05 });
    await post(50_100, { submissionId: ids.F, pair: v2, score: 0.05 });
    expect(await step(50_100)).toMatchObject({ kingSubmissionId: ids.F, kingChanged: true });

    // 9. The epoch at 50400 pays F's UID 6 five alpha; G committed without runs, H is being evaluated.
    await seedSnapshot(db, {
      block: 50_400,
      ...POOL,
      neurons: base(
        { uid: 5, hotkey: X, registrationBlock: 49_990 },
        { uid: 6, hotkey: F, registrationBlock: 48_990, emissionRao: 5n * TAO, incentive: 0.98 },
        [
          { uid: 7, hotkey: G, registrationBlock: 50_290 },
          { uid: 8, hotkey: H, registrationBlock: 50_295 },
        ],
      ),
    });
    await seedCursor(db, 50_400);
    ids.G = await seedSubmission(db, { hotkey: G, uid: 7, commitBlock: 50_300, registrationBlock: 50_290 });
    ids.H = await seedSubmission(db, { hotkey: H, uid: 8, commitBlock: 50_310, registrationBlock: 50_295 });
    await seedProgress(db, { submissionId: ids.H, validatorHotkey: V2 });
    await step(50_400);

    // The route counted each validator's runs and saw it last at the step's block time: V1 posted for A, B,
    // C, D, E and F, V2 for all but B, the last of them at T(50100) (the posts' 2nd, 1st, 11th and 10th ms).
    const seen = await db.select().from(validators).orderBy(validators.runsPosted);
    const ms = (block: number, k: number) => new Date(blockTime(block).getTime() + k);
    expect(seen.map((v) => [v.hotkey, v.runsPosted, v.firstSeenAt, v.lastSeenAt])).toEqual([
      [V2, 5, ms(1_100, 2), ms(50_100, 11)],
      [V1, 6, ms(1_100, 1), ms(50_100, 10)],
    ]);
  });

  it("answers /king with F, the live margin, its emission and the cross-check", async () => {
    vi.setSystemTime(blockTime(50_400)); // 2026-01-08T00:00:00Z
    const body = kingResponseSchema.parse(await json(getKing, "/api/v1/king"));
    expect(body.king).toMatchObject({
      submissionId: ids.F,
      hotkey: F,
      uid: 6,
      score: 0.05,
      crownedBlock: 50_100,
      crownedAt: "2026-01-07T23:00:00.000Z", // T(50100) = 601,200 s = 6 d 23 h
      thresholdBeaten: 0,
      previousSubmissionId: null,
    });
    expect(body.reason).toBeNull();
    // Age 50400 − 50100 = 300: ε = 0.01 × (1 − 300/50400) = 0.0099404762; to beat 0.05 × 1.0099404762.
    expect(body.margin?.currentBlock).toBe(50_400);
    expect(body.margin?.ageBlocks).toBe(300);
    expect(body.margin?.epsilon).toBeCloseTo(0.0099404762, 10);
    expect(body.margin?.scoreToBeat).toBeCloseTo(0.0504970238, 10);
    // ε reaches 0 at 50100 + 50400 = 100500, (100500 − 50400) × 12 s = 601,200 s after now.
    expect(body.margin).toMatchObject({ zeroAtBlock: 100_500, zeroAt: "2026-01-14T23:00:00.000Z" });
    // Per day from the epochs observed in (43200, 50400]: the snapshots at 50000 (no king: nothing paid) and
    // 50400 (5 alpha to F's UID 6), so 5 alpha, at 0.02 TAO (2000/100000) = 0.1 TAO. Not 5 × 7200 / 361.
    expect(body.emission).toEqual({
      snapshotBlock: 50_400,
      tempo: 360,
      perEpochRao: "5000000000",
      alphaPerDayRao: "5000000000",
      taoPerDayRao: "100000000",
      epochsObserved: 2,
      observedBlocks: 7_200,
      alphaPriceTao: 0.02,
      priceSource: null,
    });
    expect(body.chain).toEqual({
      snapshotBlock: 50_400,
      topIncentiveUid: 6,
      topIncentive: 0.98,
      matchesKing: true,
    });
  });

  it("answers /kings?limit with the newest reigns and the whole total", async () => {
    const all = kingsResponseSchema.parse(await json(getKings, "/api/v1/kings"));
    const newest = kingsResponseSchema.parse(await json(getKings, "/api/v1/kings?limit=1"));
    expect(newest.reigns).toEqual(all.reigns.slice(0, 1));
    expect(newest.total).toEqual(all.total);
  });

  it("answers /kings with every reign, newest first", async () => {
    const body = kingsResponseSchema.parse(await json(getKings, "/api/v1/kings"));
    expect(body.reigns.map((r) => r.submissionId)).toEqual([ids.F, ids.E, ids.A]);
    const [f, e, a] = body.reigns;
    // After a clearing there is no previous king and nothing to beat.
    expect(f).toMatchObject({
      fromBlock: 50_100,
      toBlock: null,
      thresholdBeaten: 0,
      previousSubmissionId: null,
    });
    expect(f).toMatchObject({ alphaRao: "5000000000", taoRao: "100000000", epochs: 1 }); // 5 alpha × 0.02
    // E beat 0.2 × (1 + 0.01 × 10400/50400) = 0.2004126984; its reign ends when X registered on UID 5, at
    // 49990, whose time is the 50000 snapshot's minus 10 blocks: T(49990) = 2026-01-07T22:38:00Z.
    expect(e?.thresholdBeaten).toBeCloseTo(0.2004126984, 10);
    expect(e).toMatchObject({
      fromBlock: 41_100,
      fromTime: "2026-01-06T17:00:00.000Z",
      toBlock: 49_990,
      toTime: "2026-01-07T22:38:00.000Z",
      previousSubmissionId: ids.A,
      previousScore: 0.2,
      endReason: "deregistered",
      endedBySubmissionId: null,
      alphaRao: "3000000000", // the 41200 epoch only: the 50000 one is after the reign ended
      taoRao: "60000000",
    });
    expect(a).toMatchObject({
      fromBlock: 1_100,
      fromTime: "2026-01-01T03:40:00.000Z",
      toBlock: 41_100,
      thresholdBeaten: 0,
      endReason: "dethroned",
      endedBySubmissionId: ids.E,
      endedByHotkey: E,
      alphaRao: "2000000000",
      taoRao: "40000000",
    });
    expect(body.total).toEqual({ alphaRao: "10000000000", taoRao: "200000000", epochs: 3 });
  });

  it("answers /submissions with the leaderboard by consensus score, nulls last", async () => {
    const body = submissionsResponseSchema.parse(await json(getSubmissions, "/api/v1/submissions"));
    if (body.kind !== "submissions") throw new Error("expected submissions");
    // 0.2015 (E) > 0.201 (C) > 0.2 (A) > 0.05 (F) > 0 (D, and B: a copy's board score is 0 whatever it
    // measured), then the unscored by id descending.
    expect(body.items.map((s) => s.id)).toEqual([ids.E, ids.C, ids.A, ids.F, ids.D, ids.B, ids.H, ids.G]);
    const by = Object.fromEntries(body.items.map((s) => [s.id, s]));
    expect(by[ids.A!]).toMatchObject({
      status: "scored",
      standing: "former_king",
      score: 0.2,
      finalBlock: 1_100,
    });
    expect(by[ids.A!]).toMatchObject({ validatorsAgreeing: 1, validatorsTotal: 2 }); // V2's 0.10 is 0.1 away
    expect(by[ids.B!]).toMatchObject({
      status: "failed",
      standing: "duplicate",
      failureReason: "duplicate",
      score: 0,
    });
    expect(by[ids.C!]).toMatchObject({
      status: "scored",
      standing: "ranked",
      score: 0.201,
      finalBlock: 1_300,
    });
    expect(by[ids.D!]).toMatchObject({
      status: "failed",
      standing: "failed",
      failureReason: "correctness_failed",
      score: 0,
    });
    expect(by[ids.D!]).toMatchObject({ validatorsAgreeing: 1, validatorsTotal: 2 });
    // V1's failed run matched 17 of 256 tokens on one of its ten prompts: (9 + 17/256) / 10 = 0.906640625, and
    // V1 holds the stake majority.
    expect(by[ids.D!]?.tokenMatchRate).toBe(0.906640625);
    expect(by[ids.E!]).toMatchObject({
      status: "scored",
      standing: "former_king",
      score: 0.2015,
      validatorsAgreeing: 2,
    });
    expect(by[ids.F!]).toMatchObject({ status: "scored", standing: "king", finalBlock: 50_100 });
    expect(by[ids.G!]).toMatchObject({ status: "pending", standing: null, score: null, finalBlock: null });
    expect(by[ids.H!]).toMatchObject({ status: "evaluating", standing: null });

    const scored = submissionsResponseSchema.parse(
      await json(getSubmissions, "/api/v1/submissions?status=scored"),
    );
    expect(scored.items.map((s) => ("id" in s ? s.id : null))).toEqual([ids.E, ids.C, ids.A, ids.F]);
  });

  it("records per-epoch emission to the king's UID", async () => {
    const rows = await database.db.select().from(emissions).orderBy(emissions.blockNumber);
    expect(rows.map((r) => [r.blockNumber, r.kingSubmissionId, r.emissionRao, r.taoValueRao])).toEqual([
      [1_000, null, 0n, 0n],
      [2_100, ids.A, 2n * TAO, 40_000_000n],
      [41_200, ids.E, 3n * TAO, 60_000_000n],
      [50_000, null, 0n, 0n],
      [50_400, ids.F, 5n * TAO, 100_000_000n],
    ]);
  });

  it("changes nothing when recomputed again", async () => {
    const snapshot = async () => ({
      submissions: await database.db.select().from(submissions).orderBy(submissions.id),
      reigns: await database.db.select().from(reigns).orderBy(reigns.id),
      emissions: await database.db.select().from(emissions).orderBy(emissions.blockNumber),
    });
    const before = await snapshot();
    const result = await recomputeStandings(database.db, {
      netuid: 14,
      network: "finney",
      now: blockTime(60_000),
    });
    expect(result).toEqual({
      kingSubmissionId: ids.F,
      kingChanged: false,
      changedSubmissionIds: [],
      reignsChanged: false,
      emissionsChanged: false,
    });
    expect(await snapshot()).toEqual(before);
  });

  it("(d) rebuilds from the stored rows alone to exactly what the passes wrote one after another", async () => {
    const db = database.db;
    const snapshot = async () => ({
      submissions: await db.select().from(submissions).orderBy(submissions.id),
      runs: await db
        .select({ runId: runs.runId, counted: runs.counted, afterVerdict: runs.afterVerdict })
        .from(runs)
        .orderBy(runs.runId),
      reigns: await db.select().from(reigns).orderBy(reigns.id),
      emissions: await db.select().from(emissions).orderBy(emissions.blockNumber),
      state: (await db.select().from(standingsState)).map(({ updatedAt: _, ...s }) => s),
    });
    const incremental = await snapshot();
    // Forget the frozen state and every run's processing: the next pass starts from nothing.
    await db.delete(standingsState);
    await db.update(runs).set({ counted: null });
    const result = await recomputeStandings(db, { netuid: 14, network: "finney", now: blockTime(60_000) });
    expect(result).toMatchObject({ changedSubmissionIds: [], reignsChanged: false, emissionsChanged: false });
    expect(await snapshot()).toEqual(incremental);
  });
});

function eqId(id: number | undefined) {
  return eq(submissions.id, id as number);
}
