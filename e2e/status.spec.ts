import { expect, test } from "@playwright/test";
import { statusSchema } from "../lib/schemas/status";
import { keepScreenshot } from "./screenshot";

test.describe("/status", () => {
  test("says plainly that the chain is unreachable and that it keeps retrying", async ({
    page,
  }, testInfo) => {
    // The worker needs a moment for its first failed attempt; the page shows what the database has at each load.
    await expect(async () => {
      await page.goto("/status");
      await expect(
        page.getByRole("region", { name: "Chain" }).getByText("Unreachable", { exact: true }),
      ).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Subnet 14 on finney");
    const message = page.getByRole("region", { name: "Chain" }).getByRole("status");
    await expect(message).toContainText("The chain is unreachable.");
    await expect(message).toContainText("ws://127.0.0.1:9");
    await expect(message).toContainText(/Retrying .*\(attempt \d+\)/);
    await expect(page.getByRole("region", { name: "Database" })).toContainText("Embedded (PGlite)");
    await expect(page.getByRole("region", { name: "Database" }).getByText("Submissions")).toBeVisible();
    await keepScreenshot(page, testInfo, "status");
  });

  test("is complete without JavaScript (server-rendered)", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/status");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Subnet 14 on finney");
    await expect(page.getByRole("region", { name: "Database" })).toContainText("Embedded (PGlite)");
    await context.close();
  });
});

test.describe("GET /api/v1/status", () => {
  test("answers the documented shape, cacheable and CORS-open", async ({ request }) => {
    const response = await request.get("/api/v1/status");
    expect(response.status()).toBe(200);
    expect(response.headers()["cache-control"]).toContain("stale-while-revalidate");
    expect(response.headers()["access-control-allow-origin"]).toBe("*");
    expect(response.headers()["x-request-id"]).toBeTruthy();
    const status = statusSchema.parse(await response.json());
    expect(status).toMatchObject({ network: "finney", netuid: 14, database: { driver: "pglite" } });
    expect(["connecting", "unreachable"]).toContain(status.chain.state);
  });
});

test.describe("/status (rules)", () => {
  test("shows the margin and scoring rules from the protocol parameters", async ({ page }) => {
    await page.goto("/status");
    const rules = page.getByRole("region", { name: "Rules in force" });
    await expect(rules).toContainText("1 %");
    await expect(rules).toContainText("50,400");
  });
});
