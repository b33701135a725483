import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import type { Database } from "@/db/client";
import {
  getOfficialLog,
  listOfficialRecords,
  listOfficialSnapshots,
  requestOfficialLog,
} from "@/db/queries/official";
import { officialFetchState, officialLogs, officialRecords, officialSnapshots } from "@/db/schema";
import { describeEachDatabase, openTestDatabase } from "@/db/test-support/databases";
import { parseCrowning } from "@/lib/official/records";
import { ERAS, UNKNOWN_SHAPE_RECORD, type Era } from "../official-api-fake/eras";
import { startOfficialApiFake, type OfficialApiFake } from "../official-api-fake/server";
import { OfficialClient, type FetchOutcome } from "./client";
import { OfficialImporter } from "./import";
import { RateLimiter } from "./rate-limiter";

// Time for the importer's due dates is a clock the test moves; the rate limit runs on the wall clock with a
// one-second window, so "60 a minute" becomes "N a second" and a test takes seconds.
const WINDOW_MS = 1_000;

describeEachDatabase("official importer against the fake official API", (driver) => {
  let database: Database;
  let fake: OfficialApiFake;
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const later = (seconds: number) => {
    offsetMs += seconds * 1000;
  };

  const importer = (options: { limit?: number; client?: OfficialClient; detailBudget?: number } = {}) => {
    const limiter = new RateLimiter(options.limit ?? 40, WINDOW_MS);
    const client = options.client ?? new OfficialClient({ baseUrl: fake.url, limiter });
    return new OfficialImporter(database, client, {
      now,
      detailBudget: options.detailBudget ?? 40,
      backoff: { baseMs: 50, maxMs: 200 },
    });
  };

  beforeAll(async () => {
    database = await openTestDatabase(driver);
  });
  afterAll(() => database?.close());
  beforeEach(() => {
    offsetMs = 0;
  });
  afterEach(async () => {
    await fake?.close();
    for (const table of [officialRecords, officialSnapshots, officialFetchState, officialLogs]) {
      await database.db.delete(table);
    }
  });

  it.each(ERAS)(
    "imports the %s era: king, history, evaluations, rounds, progress and logs",
    async (era: Era) => {
      fake = await startOfficialApiFake({ era, limit: 100, windowMs: WINDOW_MS });
      const result = await importer().cycle();
      expect(result).toMatchObject({ state: "ok", changed: 0, unknownShapes: 0 });
      const evaluations = await listOfficialRecords(database.db, "evaluation");
      expect(evaluations).toHaveLength(fake.data.evaluations.length);
      expect(new Set(evaluations.map((r) => r.schema))).toEqual(
        new Set([era === "e2e" || era === "june" ? "evaluation.e2e.v2" : "evaluation.improvements.v1"]),
      );
      // Every record keeps its raw JSON exactly as published.
      const first = fake.data.evaluations[0] as Record<string, unknown>;
      const stored = evaluations.find(
        (r) =>
          r.recordKey ===
          `${String(first.hotkey)}:${String(first.commit_block)}:${String(first.evaluation_block)}`,
      );
      expect(stored?.raw).toEqual(first);

      const crownings = await listOfficialRecords(database.db, "crowning");
      expect(crownings).toHaveLength(3);
      const roles = crownings.map((c) => {
        const p = parseCrowning(c.raw);
        return p.known ? p.value.role : "unknown";
      });
      expect(roles.sort()).toEqual(
        era === "king"
          ? ["king", "king", "king"]
          : era === "winner"
            ? ["winner", "winner", "winner"]
            : ["king", "leader", "winner"],
      );
      const snapshots = new Map((await listOfficialSnapshots(database.db)).map((s) => [s.route, s.raw]));
      const kingRoute = `/api/${fake.data.role}`;
      expect(snapshots.has(kingRoute)).toBe(true);
      expect(snapshots.has("/api/status")).toBe(true);
      expect(snapshots.has("/api/eval-progress")).toBe(true);
      expect(snapshots.has("/api/rounds")).toBe(true);
      // By UID on every era; by hotkey only where the route exists (June on), probed once otherwise.
      const paths = fake.requests.map((r) => r.path);
      expect(paths).toContain("/api/evaluations/6");
      const byHotkey = paths.filter((p) => p.startsWith("/api/evaluations/hotkey/"));
      expect(byHotkey.length).toBe(era === "june" ? fake.data.evaluations.length - 1 : 1);
      const logs = await database.db.select().from(officialLogs);
      expect(logs.some((l) => l.source === "validator")).toBe(era === "june");
    },
  );

  it("stays inside the rate limit through a 429 storm, backs off and keeps what it has", async () => {
    fake = await startOfficialApiFake({ era: "june", limit: 12, windowMs: WINDOW_MS });
    const run = importer({ limit: 10 });
    expect((await run.cycle()).state).toBe("ok");
    const before = (await listOfficialRecords(database.db, "evaluation")).length;
    fake.storm(5);
    later(60);
    const throttled = await run.cycle();
    expect(throttled.state).toBe("rate_limited");
    expect(throttled.retryAt).not.toBeNull();
    // One 429 ends the pass: the importer does not hammer a server that said stop.
    expect(fake.requests.filter((r) => r.status === 429)).toHaveLength(1);
    expect((await listOfficialRecords(database.db, "evaluation")).length).toBe(before);
    // The storm passes; every pass after the pause completes.
    let state = throttled.state;
    for (let i = 0; i < 8 && state !== "ok"; i++) {
      later(60);
      state = (await run.cycle()).state;
    }
    expect(state).toBe("ok");
    // The fake's own limit (12 a window) was never hit by the importer (10 a window): only storm 429s.
    const storm429 = fake.requests.filter((r) => r.status === 429).length;
    expect(storm429).toBeLessThanOrEqual(5);
    for (const r of fake.requests) {
      const inWindow = fake.requests.filter((o) => o.atMs > r.atMs - WINDOW_MS && o.atMs <= r.atMs).length;
      expect(inWindow).toBeLessThanOrEqual(12);
    }
  }, 30_000);

  it("keeps its records through a 503 outage and resumes when the API is back", async () => {
    fake = await startOfficialApiFake({ era: "leader", limit: 100, windowMs: WINDOW_MS });
    const run = importer();
    await run.cycle();
    const kept = await listOfficialRecords(database.db, "evaluation");
    fake.setUnavailable(true);
    later(60);
    const down = await run.cycle();
    expect(down.state).toBe("unavailable");
    expect(await listOfficialRecords(database.db, "evaluation")).toHaveLength(kept.length);
    expect((await listOfficialSnapshots(database.db)).length).toBeGreaterThan(0);
    fake.setUnavailable(false);
    await new Promise((r) => setTimeout(r, 1_100)); // the fake's Retry-After (1 s)
    later(60);
    expect((await run.cycle()).state).toBe("ok");
  }, 15_000);

  it("resumes after a restart mid-import without refetching what it already has", async () => {
    fake = await startOfficialApiFake({ era: "june", limit: 100, windowMs: WINDOW_MS });
    // The first process dies after its fifth request.
    const abort = new AbortController();
    const limiter = new RateLimiter(40, WINDOW_MS);
    let calls = 0;
    class DyingClient extends OfficialClient {
      override async get(path: string, as: "json" | "text", signal?: AbortSignal): Promise<FetchOutcome> {
        calls += 1;
        if (calls > 5) abort.abort();
        return super.get(path, as, signal);
      }
    }
    const first = importer({ client: new DyingClient({ baseUrl: fake.url, limiter }) });
    await first.cycle(abort.signal);
    // Answered (200 or a 404 for another era's route) before the process died.
    const firstPaths = fake.requests.map((r) => r.path);
    expect(firstPaths).toHaveLength(5);
    const mark = fake.requests.length;
    // A new process on the same database, seconds later: the five fresh routes are not fetched again.
    later(2);
    expect((await importer().cycle()).state).toBe("ok");
    const secondPaths = fake.requests.slice(mark).map((r) => r.path);
    for (const path of firstPaths) expect(secondPaths).not.toContain(path);
    expect(await listOfficialRecords(database.db, "evaluation")).toHaveLength(fake.data.evaluations.length);
    // And a third, right after: nothing is due.
    const mark2 = fake.requests.length;
    expect((await importer().cycle()).fetched).toBe(0);
    expect(fake.requests.length).toBe(mark2);
  }, 15_000);

  it("keeps both versions of a record that changed at the source", async () => {
    fake = await startOfficialApiFake({ era: "e2e", limit: 100, windowMs: WINDOW_MS });
    const run = importer();
    await run.cycle();
    fake.changeRecord(5);
    later(31); // past the list's max-age of 30 s
    const result = await run.cycle();
    expect(result.changed).toBe(1);
    const ofUid5 = (await listOfficialRecords(database.db, "evaluation")).filter((r) => r.uid === 5);
    expect(ofUid5.map((r) => r.version).sort()).toEqual([1, 2]);
    const [v1, v2] = ofUid5.sort((a, b) => a.version - b.version);
    expect(v1?.recordKey).toBe(v2?.recordKey);
    expect((v2?.raw as { score: number }).score).toBeCloseTo((v1?.raw as { score: number }).score + 0.05);
  });

  it("honours Cache-Control: nothing is fetched again before its max-age runs out", async () => {
    fake = await startOfficialApiFake({ era: "king", limit: 100, windowMs: WINDOW_MS });
    const run = importer();
    await run.cycle();
    const mark = fake.requests.length;
    later(6); // past eval-progress' 5 s, before everything else's 30 s
    await run.cycle();
    expect(fake.requests.slice(mark).map((r) => r.path)).toEqual(["/api/eval-progress"]);
  });

  it("stores a record of a shape it has never seen, raw, and says so", async () => {
    fake = await startOfficialApiFake({ era: "june", limit: 100, windowMs: WINDOW_MS });
    fake.addUnknownShape();
    const result = await importer().cycle();
    expect(result.unknownShapes).toBe(1);
    const unknown = (await listOfficialRecords(database.db, "evaluation")).filter(
      (r) => r.schema === "unknown",
    );
    expect(unknown).toHaveLength(1);
    expect(unknown[0]?.raw).toEqual(UNKNOWN_SHAPE_RECORD);
  });

  it("fetches an opened log once and serves it from the database afterwards", async () => {
    fake = await startOfficialApiFake({ era: "june", limit: 100, windowMs: WINDOW_MS });
    const run = importer();
    await run.cycle();
    const [label] = [...fake.data.containerLogs.keys()];
    expect(await requestOfficialLog(database.db, label as string, now())).toBe(true);
    await run.cycle();
    expect((await getOfficialLog(database.db, label as string))?.text).toBe(
      fake.data.containerLogs.get(label as string),
    );
    expect(await requestOfficialLog(database.db, label as string, now())).toBe(false);
    later(400);
    await run.cycle();
    expect(fake.requests.filter((r) => r.path === `/api/container-log/${label as string}`)).toHaveLength(1);
  });

  it("reports an unreachable API and backs off instead of throwing", async () => {
    fake = await startOfficialApiFake({ era: "king" });
    const limiter = new RateLimiter(40, WINDOW_MS);
    const run = importer({
      client: new OfficialClient({ baseUrl: "http://127.0.0.1:9", limiter, timeoutMs: 2_000 }),
    });
    const result = await run.cycle();
    expect(result.state).toBe("unreachable");
    expect(result.retryAt).not.toBeNull();
    expect(limiter.pausedUntil()).not.toBeNull();
  });
});
