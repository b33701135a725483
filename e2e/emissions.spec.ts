import { expect, test } from "@playwright/test";
import { keepScreenshot } from "./screenshot";

test.describe("/emissions", () => {
  test("shows alpha and TAO to the king per day, per reign and cumulative", async ({ page }, testInfo) => {
    await page.goto("/emissions");
    await expect(page.getByText(/Total in range: .* ξ · .* τ over \d+ epochs/)).toBeVisible();
    await expect(
      page
        .getByRole("figure", { name: /Emission to the king per day/ })
        .locator("svg")
        .first(),
    ).toBeVisible();
    await expect(page.getByRole("table", { name: "Emission per reign" }).locator("tbody tr")).toHaveCount(3);
    await keepScreenshot(page, testInfo, "emissions");
  });

  test("keeps the range in the URL", async ({ page }) => {
    await page.goto("/emissions?range=30d");
    await expect(page.getByRole("link", { name: "Last 30 days" })).toHaveAttribute("aria-current", "page");
    // The seeded epochs are older than 30 days.
    await expect(page.getByText("No emission recorded in this range.")).toBeVisible();
  });
});
