import { afterAll, beforeAll, expect, it, onTestFinished } from "vitest";
import type { Database } from "@/db/client";
import { readOfficialImporterState } from "@/server/read/official";
import { listOfficialRecords } from "@/db/queries/official";
import { describeEachDatabase, openTestDatabase } from "@/db/test-support/databases";
import { createLogger } from "@/lib/log";
import { startOfficialApiFake } from "../official-api-fake/server";
import { startOfficialImport } from "./worker";

const log = createLogger({ test: "official-import" }, "error");

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describeEachDatabase("startOfficialImport", (driver) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(driver);
  });
  afterAll(() => database?.close());

  it("says it is disabled when OFFICIAL_API_URL is empty", async () => {
    const worker = startOfficialImport(database, { baseUrl: "", log });
    const state = await until(
      () => readOfficialImporterState(database.db),
      (s) => s !== null,
    );
    expect(state?.state).toBe("disabled");
    await worker.stop();
  });

  it("reports an unreachable API with its next retry, and stops promptly", async () => {
    const worker = startOfficialImport(database, { baseUrl: "http://127.0.0.1:9", log });
    const stopped = () => worker.stop();
    onTestFinished(stopped);
    const state = await until(
      () => readOfficialImporterState(database.db),
      (s) => s?.state === "unreachable",
    );
    expect(state).toMatchObject({ state: "unreachable", baseUrl: "http://127.0.0.1:9" });
    expect(state?.nextRetryAt).not.toBeNull();
    expect(state?.lastError).toBeTruthy();
    const started = Date.now();
    await worker.stop();
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("imports from a running API on its own loop", async () => {
    const fake = await startOfficialApiFake({ era: "leader" });
    const worker = startOfficialImport(database, { baseUrl: fake.url, log });
    try {
      // The status row is written at the end of a pass, after the records.
      const state = await until(
        () => readOfficialImporterState(database.db),
        (s) => s?.state === "ok",
      );
      expect(state?.lastOkAt).not.toBeNull();
      const records = await listOfficialRecords(database.db, "evaluation");
      expect(records).toHaveLength(fake.data.evaluations.length);
    } finally {
      await worker.stop();
      await fake.close();
    }
  });
});
