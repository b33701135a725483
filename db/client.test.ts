import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { executeRows, openDatabase, PGLITE_SHARED_BUFFERS } from "./client";

const folder = mkdtempSync(path.join(os.tmpdir(), "cacheon-pglite-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const settings = async (dataDir: string) => {
  const database = await openDatabase({ pgliteDataDir: dataDir, migrate: false });
  try {
    const [row] = await executeRows<{ shared_buffers: string; timezone: string }>(
      database.db,
      sql`select current_setting('shared_buffers') as shared_buffers, current_setting('TimeZone') as timezone`,
    );
    return row;
  } finally {
    await database.close();
  }
};

it("opens the embedded database with the small buffer cache, on first start and on restart", async () => {
  const dataDir = path.join(folder, "nested", "pglite");
  const expected = { shared_buffers: PGLITE_SHARED_BUFFERS, timezone: "UTC" };
  expect(await settings(dataDir)).toEqual(expected);
  expect(await settings(dataDir)).toEqual(expected);
});

it("opens an in-memory database with it too", async () => {
  expect((await settings("memory://"))?.shared_buffers).toBe(PGLITE_SHARED_BUFFERS);
});
