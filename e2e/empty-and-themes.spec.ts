import { expect, test } from "@playwright/test";
import { keepScreenshot } from "./screenshot";
import { EMPTY_URL, minerHotkey } from "./support";

test.describe("empty database (no chain yet, no king yet)", () => {
  test.use({ baseURL: EMPTY_URL });

  test("every page says what is missing and why", async ({ page }, testInfo) => {
    await page.goto("/");
    await expect(page.getByRole("status", { name: "Explorer status" })).toContainText("No chain data yet");
    await expect(page.getByText("No king yet")).toBeVisible();
    await expect(page.getByText("Nothing is being evaluated right now.")).toBeVisible();
    await keepScreenshot(page, testInfo, "home-empty");
    await page.goto("/leaderboard");
    await expect(page.getByText("No submissions yet.")).toBeVisible();
    await page.goto("/kings");
    await expect(page.getByText("No king has been crowned yet.")).toBeVisible();
    await page.goto("/validators");
    await expect(page.getByText("No validators yet.")).toBeVisible();
    await page.goto("/emissions");
    await expect(page.getByText("No emission recorded in this range.")).toBeVisible();
  });
});

test.describe("stale data", () => {
  test("says the chain is unreachable and how old the data is", async ({ page }) => {
    await expect(async () => {
      await page.goto("/leaderboard");
      await expect(page.getByRole("status", { name: "Explorer status" })).toContainText(
        /Chain unreachable: showing data as of block #40,000/,
        { timeout: 1000 },
      );
    }).toPass({ timeout: 30_000 });
  });
});

test.describe("themes", () => {
  test("follows the system preference before paint and persists a toggle", async ({ page }) => {
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto("/kings");
    await expect(page.locator("html")).toHaveClass(/dark/);
    await page.getByRole("button", { name: "Switch to light theme" }).click();
    await expect(page.locator("html")).not.toHaveClass(/dark/);
    await page.reload();
    await expect(page.locator("html")).not.toHaveClass(/dark/);
    await page.getByRole("button", { name: "Switch to dark theme" }).click();
    await expect(page.locator("html")).toHaveClass(/dark/);
  });
});

test.describe("layout", () => {
  test("the main navigation shows every link within the screen, none scrolled out of sight", async ({
    page,
  }) => {
    await page.goto("/methodology");
    const viewportWidth = page.viewportSize()?.width ?? 0;
    const links = page.getByRole("navigation", { name: "Main" }).getByRole("link");
    await expect(links).toHaveCount(8);
    for (const link of await links.all()) {
      await expect(link).toBeInViewport({ ratio: 1 });
      const box = await link.boundingBox();
      expect(box && box.x + box.width).toBeLessThanOrEqual(viewportWidth);
    }
  });

  test("no page is wider than the screen (wide tables scroll inside their own box)", async ({ page }) => {
    const viewportWidth = page.viewportSize()?.width ?? 0;
    for (const path of [
      "/",
      "/leaderboard",
      "/kings",
      "/emissions",
      "/validators",
      "/methodology",
      "/status",
      "/official",
      "/submissions/2",
      "/submissions/5",
      `/miners/${minerHotkey(2)}`,
    ]) {
      await page.goto(path);
      const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(
        pageWidth,
        `${path} is ${pageWidth} px wide on a ${viewportWidth} px screen`,
      ).toBeLessThanOrEqual(viewportWidth);
    }
  });
});
