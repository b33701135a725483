// The runner against the explorer's real routes and database, hit by the faults a validator's pod and the
// explorer meet: the runner SIGKILLed mid-run and mid-post (the run stored, its answer lost), and the API down
// while a run finishes. After each, every finished run is stored exactly once and nothing waits in the spool.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { and, count, eq, gt, like, max, not } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { Database } from "@/db/client";
import { runProgress, runs, validators } from "@/db/schema";
import { openTestDatabase, postgresAvailable } from "@/db/test-support/databases";
import { keys } from "@/server/api/test-support/signing";
import { ensureCryptoReady } from "@/lib/protocol/epistula";
import { createLogger, type LogRecord } from "@/lib/log";

import { startTestExplorer, type TestExplorer } from "./test-support/test-explorer";
import { startRunnerProcess } from "./test-support/runner-process";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(20);
  }
}

// On one database, as every runner suite: the faults are the runner's, and the routes' storing a run exactly
// once on each driver is the route suites' (app/api/v1/runs). Postgres when it is there, as in production.
const driver = postgresAvailable ? "postgres" : "pglite";

describe(`runner faults against the real API [${driver}]`, () => {
  let database: Database;
  let explorer: TestExplorer;
  let dir: string;
  let validator: string;
  const logged: LogRecord[] = [];

  beforeAll(async () => {
    await ensureCryptoReady();
    validator = keys.validator1().address;
    database = await openTestDatabase(driver);
    explorer = await startTestExplorer({
      database,
      log: createLogger({ test: "runner-faults" }, "warn", (r) => void logged.push(r)),
    });
    dir = await mkdtemp(path.join(os.tmpdir(), "cacheon-runner-faults-"));
  });
  afterAll(async () => {
    await explorer?.close();
    await database?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** A new job: a submission whose image is the reference server (tag: mode, TTFT, rate). */
  const newJob = (tag: string) => explorer.addJob(`local/reference:${tag}`);
  const runsOf = (submissionId: number) =>
    database.db.select().from(runs).where(eq(runs.submissionId, submissionId));
  const pending = () => readdir(path.join(dir, "spool", "pending"));
  /** Runs the runner gave up on (refused for good): a fault must never put one there. */
  const rejected = () => readdir(path.join(dir, "spool", "rejected"));
  const runner = (once = true) => startRunnerProcess({ explorer, dir, once });
  /**
   * Whether the runner reported `phase` for a submission (not the baseline's) since `afterId`. Matched by the
   * progress row's id, not its submission: the API links progress to a submission through the validator's
   * only live lease, and the lease of a job whose run is already stored stays live until it expires, so the
   * second job's progress is stored without a submission.
   */
  const lastProgressId = async () => {
    const [row] = await database.db.select({ id: max(runProgress.id) }).from(runProgress);
    return row?.id ?? 0;
  };
  const phaseSeen = (afterId: number, phase: string) => async () => {
    const [row] = await database.db
      .select({ n: count() })
      .from(runProgress)
      .where(
        and(
          gt(runProgress.id, afterId),
          eq(runProgress.phase, phase),
          not(like(runProgress.detail, "baseline:%")),
        ),
      );
    return (row?.n ?? 0) > 0;
  };

  it("killed mid-run: nothing half-measured is stored, and the job is evaluated again after a restart", async () => {
    // 256 tokens at 600 tokens/s: the benchmark lasts seconds, long enough to be killed inside it.
    const job = await newJob("normal_t5_r600");
    const since = await lastProgressId();
    const first = runner();
    await until("the benchmark started", phaseSeen(since, "benchmark"));
    await first.kill();
    expect(await runsOf(job)).toEqual([]);
    expect(await pending()).toEqual([]);

    const second = runner();
    expect(await second.exited).toBe(0);
    const stored = await runsOf(job);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.outcome).toBe("scored");
    expect(await pending()).toEqual([]);
    expect(await rejected()).toEqual([]);
  }, 120_000);

  it("killed mid-post (stored, answer lost): the restarted runner re-posts from its spool and it is stored once", async () => {
    const job = await newJob("normal_t5_r8000");
    const withheld = explorer.withholdNextRunAnswer();
    const first = runner();
    const runId = await withheld;
    await first.kill();
    expect((await runsOf(job)).map((r) => r.runId)).toEqual([runId]);
    expect(await pending()).toEqual([`${runId}.json`]);

    const second = runner();
    expect(await second.exited).toBe(0);
    expect((await runsOf(job)).map((r) => r.runId)).toEqual([runId]);
    // The re-post of the same bytes is answered 200 (already stored), which empties the spool.
    expect(explorer.runAnswers.slice(-2)).toEqual(["withheld", 200]);
    expect(await pending()).toEqual([]);
    expect(await rejected()).toEqual([]);
  }, 120_000);

  it("API down while a run finishes: spooled, delivered once the API is back, without a restart", async () => {
    const job = await newJob("normal_t5_r1500");
    const since = await lastProgressId();
    const live = runner(false);
    try {
      await until("the benchmark started", phaseSeen(since, "benchmark"));
      await explorer.down();
      await until("the run is spooled", async () => (await pending()).length === 1);
      // Several delivery attempts fail while it stays down.
      await sleep(3_000);
      expect(await runsOf(job)).toEqual([]);
      await explorer.up();
      await until("the run is delivered", async () => (await runsOf(job)).length === 1, 90_000);
      await until("the spool is empty", async () => (await pending()).length === 0);
    } finally {
      await live.kill();
    }
    expect(await runsOf(job)).toHaveLength(1);
    expect(await rejected()).toEqual([]);
  }, 150_000);

  it("counted every stored run once in the validator's tally", async () => {
    const [stored] = await database.db
      .select({ n: count() })
      .from(runs)
      .where(eq(runs.validatorHotkey, validator));
    const [row] = await database.db.select().from(validators).where(eq(validators.hotkey, validator));
    expect(stored?.n).toBe(3);
    expect(row?.runsPosted).toBe(3);
  });
});
