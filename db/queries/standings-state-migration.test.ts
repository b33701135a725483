import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { executeRows, type Database } from "@/db/client";
import { standingsState } from "@/db/schema";
import { describeEachDatabase, openTestDatabase } from "@/db/test-support/databases";

// A king state frozen before migration 0016 names a reign's predecessor `previousKingId` and its successor
// `endedBy`; after the migration it reads as lib/protocol's Reign does today.

const OLD_REIGN = {
  submissionId: "7",
  hotkey: "5Hot",
  uid: 3,
  score: 0.25,
  fromBlock: 100,
  toBlock: 200,
  thresholdBeaten: 0.2,
  previousKingId: "4",
  previousScore: 0.2,
  endReason: "dethroned",
  endedBy: "9",
};
const OPEN_REIGN = { ...OLD_REIGN, submissionId: "9", previousKingId: "7", toBlock: null, endedBy: null };

describeEachDatabase("migration 0016 (reign field names)", (driver) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(driver);
    // Undo the record of the newest migration, store a state in the old shape, and migrate again: the
    // migrator applies 0016 to it exactly as it would on a database last migrated before it.
    await executeRows(
      database.db,
      sql`delete from drizzle.__drizzle_migrations
          where created_at = (select max(created_at) from drizzle.__drizzle_migrations)`,
    );
    const king = {
      king: null,
      reigns: [OLD_REIGN, OPEN_REIGN],
      verdicts: {},
      hotkeyByUid: {},
      candidates: [],
      lastBlock: 300,
    };
    await executeRows(
      database.db,
      sql`insert into standings_state (netuid, block, king) values (14, 300, ${JSON.stringify(king)}::jsonb)`,
    );
    await database.migrate();
  });
  afterAll(() => database?.close());

  it("renames previousKingId and endedBy in every stored reign, in order, and keeps the rest", async () => {
    const [row] = await database.db.select().from(standingsState).where(eq(standingsState.netuid, 14));
    expect(row?.king.reigns).toEqual([
      {
        submissionId: "7",
        hotkey: "5Hot",
        uid: 3,
        score: 0.25,
        fromBlock: 100,
        toBlock: 200,
        thresholdBeaten: 0.2,
        previousSubmissionId: "4",
        previousScore: 0.2,
        endReason: "dethroned",
        endedBySubmissionId: "9",
      },
      expect.objectContaining({ submissionId: "9", previousSubmissionId: "7", endedBySubmissionId: null }),
    ]);
    expect(row?.king.reigns[1]).not.toHaveProperty("endedBy");
    expect(row?.king.lastBlock).toBe(300);
  });
});
