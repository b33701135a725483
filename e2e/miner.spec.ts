import { expect, test } from "@playwright/test";
import { keepScreenshot } from "./screenshot";
import { minerHotkey } from "./support";

test.describe("/miners/[hotkey]", () => {
  test("lists every commitment, the ignored and unparseable ones with their cause", async ({
    page,
  }, testInfo) => {
    await page.goto(`/miners/${minerHotkey(2)}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Miner");
    await expect(page.getByRole("main")).toContainText(minerHotkey(2));
    const commitments = page.getByRole("table", { name: "Commitments" }).locator("tbody tr");
    await expect(commitments).toHaveCount(3);
    await expect(commitments.nth(0)).toContainText("submission #1");
    await expect(commitments.nth(1)).toContainText("ignored");
    await expect(commitments.nth(1)).toContainText("one submission per hotkey");
    await expect(commitments.nth(2)).toContainText("unparseable");
    await expect(commitments.nth(2)).toContainText("Unexpected token i in JSON");
    await expect(page.getByRole("table", { name: "Submissions" }).locator("tbody tr")).toHaveCount(1);
    await keepScreenshot(page, testInfo, "miner");
  });

  test("answers 404 for a hotkey nobody has seen", async ({ page }) => {
    const response = await page.goto("/miners/5NoSuchHotkey");
    expect(response?.status()).toBe(404);
  });
});
