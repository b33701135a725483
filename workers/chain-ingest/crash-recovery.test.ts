// Killing the chain worker at any moment loses nothing and duplicates nothing: a backfill in a child process is
// SIGKILLed several times at random moments, restarted, and its tables compared row for row with a clean
// single run over the same chain.
import { spawn, type ChildProcess } from "node:child_process";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { executeRows } from "@/db/client";
import { getIngestCursor } from "@/db/queries/chain";
import { describeEachDatabase, openTestDatabase } from "@/db/test-support/databases";
import { createLogger } from "@/lib/log";
import { startDevnet, type RunningDevnet } from "@/workers/devnet/server";
import { startChainIngest } from "./start";
import { generateActivity } from "./test-support/activity";
import { tableSnapshot } from "./test-support/table-snapshot";
import { waitForCursor } from "./test-support/wait";

const NETWORK = "devnet";
const BLOCKS = 1_000;
const KILLS = 3;

/** The database's own URL: the test admin URL pointed at it (credentials are not part of `location`). */
function urlOf(database: Database): string {
  const url = new URL(process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  url.pathname = new URL(`postgres://${database.location}`).pathname;
  return url.toString();
}

function spawnWorker(databaseUrl: string, endpoint: string): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "workers/chain-ingest/main.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      CHAIN_ENDPOINT: endpoint,
      NETWORK,
      NETUID: "14",
      // The devnet keeps every block's state: backfill it all, as from an archive node.
      CHAIN_START_BLOCK: "0",
      LOG_LEVEL: "error",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", () => resolve())));

describeEachDatabase("chain ingest killed mid-backfill", (driver) => {
  let devnet: RunningDevnet;
  let clean: Database;
  let crashed: Database;
  let head: number;

  beforeAll(async () => {
    if (driver !== "postgres") return;
    devnet = await startDevnet({ tempo: 50, maxUids: 16, immunityPeriod: 0, genesisTime: 1_750_000_000_000 });
    await generateActivity(devnet.devnet, BLOCKS, {
      neurons: 16,
      commitEvery: 15,
      timelockEvery: 60,
      registerEvery: 40,
    });
    head = devnet.devnet.chain.head.number;
    [clean, crashed] = await Promise.all([openTestDatabase("postgres"), openTestDatabase("postgres")]);
  });

  afterAll(async () => {
    await Promise.all([clean?.close(), crashed?.close()]);
    await devnet?.stop();
  });

  // PGlite is one process's database: another process cannot share it, so only Postgres is tested here.
  it.runIf(driver === "postgres")(
    "ends with exactly the rows of a clean run after repeated SIGKILLs",
    async () => {
      const running = startChainIngest(
        clean,
        { endpoint: devnet.url, network: NETWORK, netuid: 14, ingest: { startBlock: 0 } },
        createLogger({ test: "clean" }, "error"),
      );
      await waitForCursor(clean.db, { network: NETWORK, netuid: 14 }, head, 60_000);
      await running.stop();

      const url = urlOf(crashed);
      let kills = 0;
      for (let i = 0; i < KILLS; i++) {
        const child = spawnWorker(url, devnet.url);
        const before =
          (await getIngestCursor(crashed.db, { network: NETWORK, netuid: 14 }))?.blockNumber ?? -1;
        // Let this run write something (except the first, which may die before its first transaction).
        if (i > 0)
          await waitForCursor(
            crashed.db,
            { network: NETWORK, netuid: 14 },
            Math.min(head - 1, before + 1),
            60_000,
          );
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 800));
        const cursor =
          (await getIngestCursor(crashed.db, { network: NETWORK, netuid: 14 }))?.blockNumber ?? -1;
        child.kill("SIGKILL");
        await exited(child);
        if (cursor >= head) break;
        kills++;
      }
      const last = spawnWorker(url, devnet.url);
      try {
        await waitForCursor(crashed.db, { network: NETWORK, netuid: 14 }, head, 60_000);
      } finally {
        last.kill("SIGTERM");
        await exited(last);
      }

      expect(kills).toBeGreaterThan(0);
      const expected = await tableSnapshot(clean);
      const actual = await tableSnapshot(crashed);
      expect(expected.submissions.length).toBeGreaterThan(10);
      expect(expected.snapshots.length).toBeGreaterThan(20);
      expect(actual).toEqual(expected);
      const [dupes] = await executeRows<{ n: number }>(
        crashed.db,
        // Any duplicate would also differ from the clean run; this says so plainly.
        sql`select count(*)::int as n from (
          select hotkey, registration_block from submissions group by 1, 2 having count(*) > 1) d`,
      );
      expect(dupes?.n).toBe(0);
    },
    120_000,
  );
});
