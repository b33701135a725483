import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { executeRows, type Database } from "./client";
import { standingsState } from "./schema";
import { describeEachDatabase, openTestDatabase } from "./test-support/databases";
import { migrationStatements } from "./test-support/migration-statements";

// A king state frozen before the king_state_names migration names a reign's predecessor `previousKingId`, its
// successor `endedBy`, and the king's judgments `verdicts`; after it, they take the names they have today (its ids
// are still strings: king_state_numeric_ids makes them numbers).

const CLOSED = {
  submissionId: "7",
  hotkey: "5Hot",
  uid: 3,
  score: 0.25,
  fromBlock: 100,
  toBlock: 200,
  thresholdBeaten: 0.2,
  previousScore: 0.2,
  endReason: "dethroned",
};
const STANDING = { kind: "former_king", block: 100, score: 0.25, againstKingId: "4", threshold: 0.2 };
const OPEN = { ...CLOSED, submissionId: "9", toBlock: null, endReason: null };

describeEachDatabase("migration king_state_names", (driver) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(driver);
    const reigns = [
      { ...CLOSED, previousKingId: "4", endedBy: "9" },
      { ...OPEN, previousKingId: "7", endedBy: null },
    ];
    const verdicts = { "7": STANDING, "9": { ...STANDING, kind: "king" } };
    const king = { king: null, reigns, verdicts, hotkeyByUid: {}, candidates: [], lastBlock: 300 };
    await executeRows(
      database.db,
      sql`insert into standings_state (netuid, block, king) values (14, 300, ${JSON.stringify(king)}::jsonb)`,
    );
    for (const statement of migrationStatements("king_state_names"))
      await executeRows(database.db, sql.raw(statement));
  });
  afterAll(() => database?.close());

  it("renames previousKingId and endedBy in every stored reign, in order, and keeps the rest", async () => {
    const [row] = await database.db.select().from(standingsState).where(eq(standingsState.netuid, 14));
    expect(row?.king.reigns).toEqual([
      { ...CLOSED, previousSubmissionId: "4", endedBySubmissionId: "9" },
      { ...OPEN, previousSubmissionId: "7", endedBySubmissionId: null },
    ]);
    expect(row?.king.lastBlock).toBe(300);
  });

  it("renames the king's judgments per submission from verdicts to standings, unchanged", async () => {
    const [row] = await database.db.select().from(standingsState).where(eq(standingsState.netuid, 14));
    expect(row?.king.standings).toEqual({ "7": STANDING, "9": { ...STANDING, kind: "king" } });
    expect(row?.king).not.toHaveProperty("verdicts");
  });
});
