import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { GET as getKing } from "@/app/api/v1/king/route";
import { GET as getKings } from "@/app/api/v1/kings/route";
import { GET as getRun } from "@/app/api/v1/runs/[runId]/route";
import { GET as getSubmission } from "@/app/api/v1/submissions/[id]/route";
import type { Database } from "@/db/client";
import { submissions } from "@/db/schema";
import { useTestDatabase } from "@/db/test-support/instance";
import {
  blockTime,
  fakeDigest,
  fakeHotkey,
  seedCursor,
  seedSnapshot,
  seedSubmission,
  type SeedNeuron,
} from "@/db/test-support/seed";
import { describeEachDatabase, openTestDatabase } from "@/db/test-support/databases";
import { postRun, type PostRun } from "@/server/api/test-support/post-run";
import { testPairs } from "@/server/api/test-support/world";
import { kingResponseSchema } from "@/lib/schemas/king";
import { kingsResponseSchema } from "@/lib/schemas/kings";
import { runDetailSchema } from "@/lib/schemas/run-detail";
import { submissionDetailSchema } from "@/lib/schemas/submission-detail";
import { recomputeStandings } from "./recompute";

// Attacks on the verdict, played through the signed API (POST /api/v1/runs with real sr25519 validator keys)
// and the standings worker's recompute, and read back through the read routes: a copy whose evaluation
// finishes before its original's, a validator with a permit but no stake deciding alone, and a validator that
// loses its permit after a coronation (its runs must not be rewritten out of history).

const pairs = await testPairs();
const [V1, V2] = [pairs.validator1.address, pairs.validator2.address];
const TAO = 1_000_000_000n;
const [ORIGINAL, COPY, SOLO, LATER] = ["original", "copy", "solo", "later"].map((n) => fakeHotkey(n)) as [
  string,
  string,
  string,
  string,
];
const miners: SeedNeuron[] = [
  { uid: 1, hotkey: ORIGINAL, registrationBlock: 900 },
  { uid: 2, hotkey: COPY, registrationBlock: 910 },
  { uid: 3, hotkey: SOLO, registrationBlock: 920 },
  { uid: 4, hotkey: LATER, registrationBlock: 930 },
];

async function read<T, P>(
  handler: (r: Request, c: { params: Promise<P> }) => Promise<Response>,
  path: string,
  params: P,
  schema: { parse: (v: unknown) => T },
): Promise<T> {
  const response = await handler(new Request(`http://explorer.test${path}`), {
    params: Promise.resolve(params),
  });
  expect(response.status).toBe(200);
  return schema.parse(await response.json());
}

describeEachDatabase("verdict scenarios", (driver) => {
  let database: Database;
  let restore: () => void;
  let posted = 0;
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

  /** Ingest reaches `block`, then the standings are recomputed as the worker does. */
  const step = async (block: number) => {
    await seedCursor(database.db, block);
    vi.setSystemTime(blockTime(block));
    return recomputeStandings(database.db, { netuid: 14, network: "finney", now: blockTime(block) });
  };
  /** A signed run, accepted at `block` (so anchored there) in posting order. */
  const post = async (block: number, run: Omit<PostRun, "at">) => {
    await seedCursor(database.db, block);
    const stored = await postRun(database, { ...run, at: new Date(blockTime(block).getTime() + ++posted) });
    return stored.runId;
  };
  const submission = (id: number) =>
    read(getSubmission, `/api/v1/submissions/${id}`, { id: String(id) }, submissionDetailSchema);
  const king = async () =>
    kingResponseSchema.parse(
      await (await getKing(new Request("http://explorer.test/api/v1/king"), {})).json(),
    );

  it("crowns the original judged after its copy, whose evaluation finished first, and never the copy", async () => {
    const db = database.db;
    await seedSnapshot(db, {
      block: 1_000,
      neurons: [
        { uid: 0, hotkey: V1, stakeRao: 300n * TAO, validatorPermit: true, registrationBlock: 5 },
        { uid: 9, hotkey: V2, stakeRao: 100n * TAO, validatorPermit: true, registrationBlock: 6 },
        { uid: 8, hotkey: pairs.noPermit.address, stakeRao: 0n, validatorPermit: true, registrationBlock: 7 },
        ...miners,
      ],
    });
    const digest = fakeDigest("the-fast-image");
    const original = await seedSubmission(db, { hotkey: ORIGINAL, uid: 1, commitBlock: 1_000, digest });
    const copy = await seedSubmission(db, { hotkey: COPY, uid: 2, commitBlock: 1_050, digest });

    // The copy is evaluated first, and scores well: final at 1100 (V1 alone is all the active stake), but
    // it is a copy, and it waits for its earlier-committed original before it is judged.
    await post(1_100, { submissionId: copy, pair: pairs.validator1, score: 0.3 });
    expect(await step(1_100)).toMatchObject({ kingSubmissionId: null });
    const early = await submission(copy);
    expect(early.submission).toMatchObject({ status: "failed", failureReason: "duplicate", score: 0 });
    expect(early.submission.duplicateOfId).toBe(original);
    expect(early.verdict.finality).toMatchObject({
      status: "final",
      how: "quorum",
      block: 1_100,
      judgedBlock: null,
      waitedForId: original,
      waitUntilBlock: 2_850,
    });

    // The original is evaluated later, slower: it is judged first in commit order and crowned at 1200.
    await post(1_200, { submissionId: original, pair: pairs.validator1, score: 0.2 });
    expect(await step(1_200)).toMatchObject({ kingSubmissionId: original, kingChanged: true });
    await step(1_201);
    expect((await king()).king).toMatchObject({ submissionId: original, crownedBlock: 1_200 });
    const judged = await submission(copy);
    expect(judged.submission).toMatchObject({ standing: "duplicate", score: 0, failureReason: "duplicate" });
    expect(judged.verdict.finality).toMatchObject({ judgedBlock: 1_200, waitedForId: original });
    // Its measured figures stay on its page.
    expect(judged.runs[0]?.summary.score).toBe(0.3);
    const kings = kingsResponseSchema.parse(
      await (await getKings(new Request("http://explorer.test/api/v1/kings"), {})).json(),
    );
    expect(kings.reigns.map((r) => r.submissionId)).toEqual([original]);
  });

  it("never lets a permitted validator with zero stake decide alone", async () => {
    const db = database.db;
    const solo = await seedSubmission(db, { hotkey: SOLO, uid: 3, commitBlock: 1_300 });
    const runId = await post(1_400, { submissionId: solo, pair: pairs.noPermit, score: 0.9 });
    await step(1_400);
    const detail = await submission(solo);
    expect(detail.submission).toMatchObject({ status: "pending", score: null, finalBlock: null });
    expect(detail.verdict.finality).toMatchObject({ status: "pending", firstCountedBlock: null });
    const run = await read(getRun, `/api/v1/runs/${runId}`, { runId }, runDetailSchema);
    expect(run.derived.run).toMatchObject({ anchorBlock: 1_400, counted: false, afterVerdict: false });
    // Long after any timeout the verdict is still open: an uncounted run starts no clock.
    await step(20_000);
    expect((await submission(solo)).submission.status).toBe("pending");
    expect((await king()).king?.submissionId).not.toBe(solo);
  });

  it("keeps a reign when the crowning validator loses its permit and later runs disagree", async () => {
    const db = database.db;
    const [row] = await db.select().from(submissions).where(eq(submissions.hotkey, ORIGINAL));
    const original = row!.id;
    const before = await submission(original);
    // V1 loses its permit at 21000; V2 then posts a failing run of the king, after its verdict.
    await seedSnapshot(db, {
      block: 21_000,
      neurons: [
        { uid: 0, hotkey: V1, stakeRao: 300n * TAO, validatorPermit: false, registrationBlock: 5 },
        { uid: 9, hotkey: V2, stakeRao: 100n * TAO, validatorPermit: true, registrationBlock: 6 },
        ...miners,
      ],
    });
    await step(21_000);
    const late = await post(21_100, {
      submissionId: original,
      pair: pairs.validator2,
      outcome: "failed",
      failureReason: "correctness_failed",
    });
    await step(21_200);
    const after = await submission(original);
    expect(after.submission).toMatchObject({
      status: "scored",
      standing: "king",
      score: 0.2,
      finalBlock: 1_200,
    });
    expect(after.verdict.finality).toEqual(before.verdict.finality);
    expect(after.runs.find((r) => r.runId === late)).toMatchObject({ counted: true, afterVerdict: true });
    // V1's run counted at its anchor block, whatever happened to its permit later.
    expect(after.runs.find((r) => r.validatorHotkey === V1)).toMatchObject({
      counted: true,
      inVerdict: true,
    });
    expect((await king()).king).toMatchObject({ submissionId: original, crownedBlock: 1_200 });

    // A later submission is final with V2 alone active (V1 has no permit): V2's stake is the quorum. It is
    // judged once the zero-stake validator's submission, committed earlier and never final, has held it back
    // for maxJudgeWaitBlocks: at 21300 + 1800 = 23100.
    const later = await seedSubmission(db, { hotkey: LATER, uid: 4, commitBlock: 21_150 });
    await post(21_300, { submissionId: later, pair: pairs.validator2, score: 0.5 });
    expect(await step(21_300)).toMatchObject({ kingSubmissionId: original });
    expect((await submission(later)).verdict.finality).toMatchObject({
      status: "final",
      block: 21_300,
      judgedBlock: null,
      waitUntilBlock: 23_100,
    });
    expect(await step(23_099)).toMatchObject({ kingSubmissionId: original });
    expect(await step(23_100)).toMatchObject({ kingSubmissionId: later, kingChanged: true });
    const kings = kingsResponseSchema.parse(
      await (await getKings(new Request("http://explorer.test/api/v1/kings"), {})).json(),
    );
    expect(kings.reigns.map((r) => [r.submissionId, r.fromBlock, r.toBlock])).toEqual([
      [later, 23_100, null],
      [original, 1_200, 23_100],
    ]);
  });
});
