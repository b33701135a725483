import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { Change } from "./notify";
import type { Database } from "./client";
import { publishChange, subscribeChanges } from "./notify";
import { describeEachDatabase, openTestDatabase } from "./test-support/databases";

describeEachDatabase("change notifications", (driver) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(driver);
  });
  afterAll(() => database?.close());

  it("delivers a change published in a committed transaction", async () => {
    const received: Change[] = [];
    const unlisten = await subscribeChanges(database, (c) => received.push(c));
    await database.db.transaction(async (tx) => {
      await publishChange(tx, { type: "run", runId: "r1", submissionId: 7 });
    });
    await vi.waitFor(() => expect(received).toEqual([{ type: "run", runId: "r1", submissionId: 7 }]));
    await unlisten();
  });

  it("does not deliver a change whose transaction rolled back", async () => {
    const received: Change[] = [];
    const unlisten = await subscribeChanges(database, (c) => received.push(c));
    await database.db
      .transaction(async (tx) => {
        await publishChange(tx, { type: "submission", submissionId: 1 });
        throw new Error("roll back");
      })
      .catch(() => undefined);
    await publishChange(database.db, { type: "submission", submissionId: 2 });
    await vi.waitFor(() => expect(received).toEqual([{ type: "submission", submissionId: 2 }]));
    await unlisten();
  });

  it("splits a standings change too large for one notification, and delivers every id", async () => {
    // 10,000 ten-digit ids: 110 KB as one payload, where NOTIFY takes at most 8000 bytes.
    const ids = Array.from({ length: 10_000 }, (_, i) => 1_000_000_000 + i);
    const received: number[] = [];
    const unlisten = await subscribeChanges(database, (c) => {
      if (c.type === "standings") received.push(...c.changedSubmissionIds);
    });
    await database.db.transaction(async (tx) => {
      await publishChange(tx, { type: "standings", changedSubmissionIds: ids });
    });
    await vi.waitFor(() => expect(received).toHaveLength(ids.length));
    expect(received).toEqual(ids);
    await unlisten();
  });
});
