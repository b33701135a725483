import { expect, test } from "@playwright/test";
import { keepScreenshot } from "./screenshot";

test.describe("/kings", () => {
  test("shows the reigns newest first and the winning score over time", async ({ page }, testInfo) => {
    await page.goto("/kings");
    const reigns = page.getByRole("list", { name: "Reigns, newest first" }).getByRole("listitem");
    await expect(reigns).toHaveCount(3);
    await expect(reigns.nth(0)).toContainText("UID 6 · 20.0 %");
    await expect(reigns.nth(0)).toContainText("reigning");
    await expect(reigns.nth(1)).toContainText("dethroned");
    await expect(reigns.nth(1)).toContainText("Dethroned by submission #5");
    await expect(reigns.nth(2)).toContainText("Crowned on an empty throne.");
    await expect(
      page.getByRole("figure", { name: "Winning score" }).locator(".recharts-line-dot"),
    ).toHaveCount(3);
    await keepScreenshot(page, testInfo, "kings");
  });
});
