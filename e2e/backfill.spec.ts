import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { keepScreenshot } from "./screenshot";

// The backfill's progress on /status needs a chain head and an ingest rate, which the seeded explorer (its chain
// unreachable) never has. The third explorer of playwright.config.ts runs no workers on a Postgres database of
// its own: this spec writes what chain ingest would have reported there. It runs before database-down.spec.ts,
// which drops that database, and makes it again when a previous project's run already dropped it.
const PORT = Number(process.env.E2E_DOWN_PORT ?? Number(process.env.E2E_PORT ?? 3210) + 2);
const DOWN_URL = `http://127.0.0.1:${PORT}`;
const DATABASE = `cacheon_e2e_down_${PORT}`;
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function withDatabase<T>(write: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  const [row] = await admin`select count(*)::int as n from pg_database where datname = ${DATABASE}`;
  await admin.end();
  if (row?.n === 0)
    execFileSync("node", ["--import", "tsx", "e2e/postgres-database.ts", ADMIN_URL, DATABASE]);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DATABASE}`;
  const sql = postgres(url.toString(), { max: 1, onnotice: () => undefined });
  try {
    return await write(sql);
  } finally {
    await sql.end();
  }
}

test("/status shows the backfill's progress bar, rate and ETA", async ({ page }, testInfo) => {
  // Ingest at block 41,000 of 30,000..50,000, storing 12.5 blocks per second while the head adds one per 12 s.
  await withDatabase(async (sql) => {
    await sql`update chain_cursor set first_block = 30000 where network = 'finney'`;
    const detail = {
      endpoint: "wss://archive.example",
      finalizedBlock: 50_000,
      chainName: "Bittensor",
      ingest: { mode: "backfill", blocksPerSecond: 12.5 },
    };
    await sql`insert into worker_status (worker, state, detail, updated_at)
              values ('chain', 'connected', ${sql.json(detail)}, now())
              on conflict (worker) do update set state = excluded.state, detail = excluded.detail`;
  });
  try {
    const backfill = page.getByRole("region", { name: "Chain" }).getByRole("region", { name: "Backfill" });
    await expect(async () => {
      await page.goto(`${DOWN_URL}/status`);
      await expect(backfill).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    const bar = backfill.getByRole("progressbar", { name: "Backfill" });
    await expect(bar).toHaveAttribute("aria-valuenow", "11001");
    await expect(bar).toHaveAttribute("aria-valuemax", "20001");
    await expect(bar).toHaveAttribute("aria-valuetext", "11,001 of 20,001 blocks (55.0 %)");
    await expect(backfill).toContainText("9,000 to go at 12.5 blocks/s");
    // 9,000 blocks gained at 12.5 − 1/12 blocks per second.
    await expect(backfill).toContainText("About 12 min to go.");
    await keepScreenshot(page, testInfo, "status-backfill");
    await page.emulateMedia({ colorScheme: "dark" });
    await page.reload();
    await expect(bar).toBeVisible();
    await keepScreenshot(page, testInfo, "status-backfill-dark");
  } finally {
    // database-down.spec.ts expects this explorer as e2e/postgres-database.ts made it.
    await withDatabase(async (sql) => {
      await sql`delete from worker_status where worker = 'chain'`;
      await sql`update chain_cursor set first_block = null where network = 'finney'`;
    });
  }
});
