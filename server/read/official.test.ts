import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { describeEachDatabase, openTestDatabase } from "@/db/test-support/databases";
import { seedCursor, seedSnapshot, seedSubmission } from "@/db/test-support/seed";
import { defaultCast } from "@/workers/official-api-fake/eras";
import { startOfficialApiFake } from "@/workers/official-api-fake/server";
import { OfficialClient } from "@/workers/official-import/client";
import { OfficialImporter } from "@/workers/official-import/import";
import { RateLimiter } from "@/workers/official-import/rate-limiter";
import { readOfficial } from "./official";

// The anomalies as the pages read them: imported from the fake, judged against a crafted chain.
describeEachDatabase("readOfficial", (driver) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(driver);
    const cast = defaultCast();
    // The chain knows every cast member's commitment, from block 500 on; the incentive goes to UID 5 and to UID
    // 8, which the validator disqualified, not to its king (UID 6).
    for (const m of cast) {
      await seedSubmission(database.db, {
        hotkey: m.hotkey,
        uid: m.uid,
        commitBlock: m.commitBlock,
        image: m.image,
        digest: m.digest,
      });
    }
    await seedSnapshot(database.db, {
      block: 500,
      neurons: cast.map((m) => ({
        uid: m.uid,
        hotkey: m.hotkey,
        incentive: m.uid === 5 ? 0.7 : m.uid === 8 ? 0.3 : 0,
      })),
    });
    await seedCursor(database.db, 50_000);
    const fake = await startOfficialApiFake({ era: "june" });
    const limiter = new RateLimiter(100, 1_000);
    await new OfficialImporter(database, new OfficialClient({ baseUrl: fake.url, limiter })).cycle();
    await fake.close();
  });
  afterAll(() => database?.close());

  it("reports each anomaly once, and none where the chain agrees", async () => {
    const view = await readOfficial(database.db, 14);
    expect(view.king?.king?.uid).toBe(6);
    const kinds = view.anomalies.map((a) => `${a.kind}:${a.uid}`).sort();
    expect(kinds).toEqual([
      "commitment_digest_differs:10",
      "disqualified_holds_weight:8",
      "king_not_top_incentive:6",
    ]);
  });
});
