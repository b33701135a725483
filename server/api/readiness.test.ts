import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { openDatabase } from "@/db/client";
import { describeEachDatabase, openTestDatabase } from "@/db/test-support/databases";
import { checkReadiness } from "./readiness";

describeEachDatabase("checkReadiness", (driver) => {
  let migrated: Database;
  beforeAll(async () => {
    migrated = await openTestDatabase(driver);
  });
  afterAll(() => migrated?.close());

  it("is ready when the database answers and has every migration", async () => {
    const readiness = await checkReadiness(() => Promise.resolve(migrated.db));
    expect(readiness).toMatchObject({ ready: true });
    expect(readiness.ready && readiness.migrations).toBeGreaterThan(0);
  });

  it("is not ready when a migration is missing", async () => {
    const before = await checkReadiness(() => Promise.resolve(migrated.db));
    const total = before.ready ? before.migrations : 0;
    await migrated.db.execute(
      "delete from drizzle.__drizzle_migrations where id = (select max(id) from drizzle.__drizzle_migrations)",
    );
    expect(await checkReadiness(() => Promise.resolve(migrated.db))).toEqual({
      ready: false,
      reason: `the database has ${total - 1} of ${total} migrations applied`,
    });
  });
});

it("checkReadiness – is not ready on a database never migrated", async () => {
  const bare = await openDatabase({ pgliteDataDir: "memory://", migrate: false });
  try {
    expect(await checkReadiness(() => Promise.resolve(bare.db))).toMatchObject({
      ready: false,
      reason: expect.stringMatching(/has 0 of \d+ migrations applied/),
    });
  } finally {
    await bare.close();
  }
});

it("checkReadiness – says why when the database cannot be opened, without the password", async () => {
  const readiness = await checkReadiness(() =>
    Promise.reject(new Error("connect ECONNREFUSED for postgres://cacheon:hunter2@db.internal:5432/cacheon")),
  );
  expect(readiness).toEqual({
    ready: false,
    reason: "the database cannot be opened: connect ECONNREFUSED for postgres://***@db.internal:5432/cacheon",
  });
});

it("checkReadiness – gives up on a database that does not answer", async () => {
  const readiness = await checkReadiness(() => new Promise(() => undefined), 50);
  expect(readiness).toEqual({ ready: false, reason: "the database did not answer within 50 ms" });
});
