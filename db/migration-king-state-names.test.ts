import { readFileSync } from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { executeRows, type Database } from "./client";
import { standingsState } from "./schema";
import { describeEachDatabase, openTestDatabase } from "./test-support/databases";

// A king state frozen before the king_state_names migration names a reign's predecessor `previousKingId`, its
// successor `endedBy`, and the king's judgments `verdicts`; after it, the state reads as lib/protocol's KingState
// does today. The migration is found
// by its name, whatever number it ends up with, and run statement by statement as the migrator runs it.

const MIGRATIONS = path.join(import.meta.dirname, "migrations");

function migrationStatements(name: string): string[] {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS, "meta", "_journal.json"), "utf8")) as {
    entries: { tag: string }[];
  };
  const entry = journal.entries.find((e) => e.tag.endsWith(`_${name}`));
  if (entry === undefined) throw new Error(`no migration named ${name}`);
  return readFileSync(path.join(MIGRATIONS, `${entry.tag}.sql`), "utf8").split("--> statement-breakpoint");
}

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
