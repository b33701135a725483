import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { keepScreenshot } from "./screenshot";

// The third explorer of playwright.config.ts: on a Postgres database of its own (cursor at block 41,000), which
// this test drops under the running server, as an outage would take it away.
const PORT = Number(process.env.E2E_DOWN_PORT ?? Number(process.env.E2E_PORT ?? 3210) + 2);
const DOWN_URL = `http://127.0.0.1:${PORT}`;
const DATABASE = `cacheon_e2e_down_${PORT}`;
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function dropDatabase(): Promise<boolean> {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  try {
    const [row] = await admin`select count(*)::int as n from pg_database where datname = ${DATABASE}`;
    if (row?.n === 0) return false;
    await admin.unsafe(`drop database ${DATABASE} with (force)`);
    return true;
  } finally {
    await admin.end();
  }
}

test.describe("every page while the database is down", () => {
  test("is the database-down page: the status row with the last block and how old it is", async ({
    page,
  }, testInfo) => {
    // Four pages, each rendered while the server's connections to a dropped database fail: on a loaded
    // two-core machine that can take longer than the default minute.
    test.setTimeout(150_000);
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
    const [row] = await admin`select count(*)::int as n from pg_database where datname = ${DATABASE}`;
    await admin.end();
    if (row?.n === 1) {
      // While the database answers, pages are the ordinary ones (and the server remembers the status it read).
      await page.goto(`${DOWN_URL}/kings`);
      await expect(page.getByRole("heading", { level: 1, name: "Kings" })).toBeVisible();
      await expect(page.getByRole("status", { name: "Explorer status" })).toContainText("41,000");
      await dropDatabase();
    }

    for (const path of [
      "/",
      "/leaderboard",
      "/submissions/1",
      "/miners/5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
    ]) {
      const response = await page.goto(`${DOWN_URL}${path}`);
      expect(response?.status(), path).toBeLessThan(500);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("The database is down");
      const row = page.getByRole("status", { name: "Explorer status" });
      await expect(row).toContainText("database is not answering");
      await expect(row).toContainText("block #41,000");
      await expect(row).toContainText(/last read \d+ (s|min) ago/);
      await expect(page.getByText("Application error")).toHaveCount(0);
    }
    // The header and its search still work: they need no database.
    await expect(page.getByRole("searchbox")).toBeVisible();
    await keepScreenshot(page, testInfo, "database-down");
  });

  test("the API says so too: readiness 503, liveness 200", async ({ request }) => {
    await dropDatabase();
    expect((await request.get(`${DOWN_URL}/api/ready`)).status()).toBe(503);
    expect((await request.get(`${DOWN_URL}/api/health`)).status()).toBe(200);
  });
});
