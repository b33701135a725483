import { expect, test } from "@playwright/test";
import { keepScreenshot } from "./screenshot";

test.describe("/validators", () => {
  test("shows stake, permit, runs, last seen, runner version and agreement", async ({ page }, testInfo) => {
    await page.goto("/validators");
    const rows = page.getByRole("table", { name: "Validators" }).locator("tbody tr");
    await expect(rows).toHaveCount(2);
    await expect(rows.first()).toContainText("900,000");
    await expect(rows.first()).toContainText("permit");
    // The live-update spec may have posted a run as //Validator1 by now (runner cacheon-runner/1.4.0).
    await expect(rows.first()).toContainText(/1\.2\.0|cacheon-runner\/1\.4\.0/);
    await expect(rows.first()).toContainText("100.00 %");
    await keepScreenshot(page, testInfo, "validators");
  });
});
