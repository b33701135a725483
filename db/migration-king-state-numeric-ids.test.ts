import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { replay, type KingState } from "@/lib/protocol/king";
import { BEST_REMAINING, hotkeyChanged, judged, sub } from "@/lib/protocol/test-support/king-events";
import { executeRows, type Database } from "./client";
import { standingsState } from "./schema";
import { describeEachDatabase, openTestDatabase } from "./test-support/databases";
import { migrationStatements } from "./test-support/migration-statements";

// A king state frozen before the king_state_numeric_ids migration carries submission ids as strings; after it,
// as numbers, and replay continues from it: submission 9 is king, 7 a former king, 11 a ranked candidate and
// 12 a duplicate (kept by states frozen before settled verdicts were dropped).

const OLD = {
  king: {
    id: "9",
    hotkey: "5Nine",
    uid: 3,
    digest: "sha256:9",
    commitBlock: 240,
    score: 0.3,
    crownedBlock: 250,
  },
  reigns: [
    {
      submissionId: "7",
      hotkey: "5Seven",
      uid: 2,
      score: 0.25,
      fromBlock: 100,
      toBlock: 250,
      thresholdBeaten: 0.2,
      previousSubmissionId: "4",
      previousScore: 0.2,
      endReason: "dethroned",
      endedBySubmissionId: "9",
    },
    {
      submissionId: "9",
      hotkey: "5Nine",
      uid: 3,
      score: 0.3,
      fromBlock: 250,
      toBlock: null,
      thresholdBeaten: 0.2525,
      previousSubmissionId: "7",
      previousScore: 0.25,
      endReason: null,
      endedBySubmissionId: null,
    },
  ],
  standings: {
    "7": { kind: "former_king", block: 100, score: 0.25, againstKingId: "4", threshold: 0.2 },
    "9": { kind: "king", block: 250, score: 0.3, againstKingId: "7", threshold: 0.2525 },
    "11": { kind: "ranked", block: 260, score: 0.3, againstKingId: "9", threshold: 0.303 },
    "12": {
      kind: "duplicate",
      block: 270,
      score: 0.9,
      againstKingId: "9",
      threshold: null,
      duplicateOf: "9",
    },
  },
  hotkeyByUid: { "3": "5Nine" },
  candidates: [
    { id: "7", hotkey: "5Seven", uid: 2, digest: "sha256:7", commitBlock: 90, score: 0.25 },
    { id: "9", hotkey: "5Nine", uid: 3, digest: "sha256:9", commitBlock: 240, score: 0.3 },
    { id: "11", hotkey: "5Eleven", uid: 5, digest: "sha256:11", commitBlock: 255, score: 0.3 },
  ],
  lastBlock: 300,
};

const NEW: KingState = {
  king: {
    id: 9,
    hotkey: "5Nine",
    uid: 3,
    digest: "sha256:9",
    commitBlock: 240,
    score: 0.3,
    crownedBlock: 250,
  },
  reigns: [
    {
      ...OLD.reigns[0]!,
      submissionId: 7,
      previousSubmissionId: 4,
      endReason: "dethroned",
      endedBySubmissionId: 9,
    },
    {
      ...OLD.reigns[1]!,
      submissionId: 9,
      previousSubmissionId: 7,
      endReason: null,
      endedBySubmissionId: null,
    },
  ],
  standings: {
    7: { kind: "former_king", block: 100, score: 0.25, againstKingId: 4, threshold: 0.2 },
    9: { kind: "king", block: 250, score: 0.3, againstKingId: 7, threshold: 0.2525 },
    11: { kind: "ranked", block: 260, score: 0.3, againstKingId: 9, threshold: 0.303 },
    12: { kind: "duplicate", block: 270, score: 0.9, againstKingId: 9, threshold: null, duplicateOf: 9 },
  },
  hotkeyByUid: { 3: "5Nine" },
  candidates: OLD.candidates.map((c) => ({ ...c, id: Number(c.id) })),
  lastBlock: 300,
};

describeEachDatabase("migration king_state_numeric_ids", (driver) => {
  let database: Database;
  const stored = async (netuid: number): Promise<KingState | undefined> => {
    const [row] = await database.db.select().from(standingsState).where(eq(standingsState.netuid, netuid));
    return row?.king;
  };
  beforeAll(async () => {
    database = await openTestDatabase(driver);
    const empty = { king: null, reigns: [], standings: {}, hotkeyByUid: {}, candidates: [], lastBlock: null };
    for (const [netuid, king] of [
      [14, OLD],
      [15, empty],
      [16, NEW],
    ] as const) {
      await executeRows(
        database.db,
        sql`insert into standings_state (netuid, block, king) values (${netuid}, 300, ${JSON.stringify(king)}::jsonb)`,
      );
    }
    for (const statement of migrationStatements("king_state_numeric_ids"))
      await executeRows(database.db, sql.raw(statement));
  });
  afterAll(() => database?.close());

  it("turns every stored submission id into a number: king, reigns, standings and candidates", async () => {
    expect(await stored(14)).toStrictEqual(NEW);
  });

  it("leaves an empty state and one already in numbers as they are", async () => {
    expect(await stored(15)).toStrictEqual({
      king: null,
      reigns: [],
      standings: {},
      hotkeyByUid: {},
      candidates: [],
      lastBlock: null,
    });
    expect(await stored(16)).toStrictEqual(NEW);
  });

  it("lets replay continue from the converted state", async () => {
    const migrated = (await stored(14)) as KingState;
    // The king's hotkey leaves UID 3: the best remaining candidate, 11, is crowned in its place.
    const next = replay([hotkeyChanged(400, 3, "5Else")], BEST_REMAINING, migrated);
    expect(next.king).toMatchObject({ id: 11, crownedBlock: 400 });
    expect(next.reigns.slice(1)).toMatchObject([
      { submissionId: 9, toBlock: 400, endReason: "deregistered" },
      { submissionId: 11, previousSubmissionId: 9, previousScore: 0.3 },
    ]);
    expect(next.standings[9]?.kind).toBe("former_king");
    expect(next.standings[11]).toMatchObject({ kind: "king", againstKingId: 9 });
    // A submission already judged (12) is not judged again; a new one (13) is judged against the new king.
    const later = replay(
      [judged(500, sub(12, 6, 265), 0.99), judged(500, sub(13, 7, 450), 0.5)],
      BEST_REMAINING,
      next,
    );
    expect(later.standings[12]).toEqual(NEW.standings[12]);
    expect(later.king?.id).toBe(13);
    expect(later.reigns.at(-1)).toMatchObject({ submissionId: 13, previousSubmissionId: 11 });
    expect(later.standings[13]).toMatchObject({ kind: "king", againstKingId: 11 });
  });
});
