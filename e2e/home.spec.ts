import { expect, test } from "@playwright/test";
import { keepScreenshot } from "./screenshot";
import { postRun, seededSubmission } from "./support";

test.describe("/ (the king)", () => {
  test("shows the reigning king, its figures, emission and the cross-check, server-rendered", async ({
    page,
  }, testInfo) => {
    await page.goto("/");
    const king = page.getByRole("region", { name: "The king: UID 6" });
    await expect(king).toContainText("20.0 %");
    await expect(king).toContainText("+30.0 %");
    await expect(king).toContainText("ghcr.io/fastlane/qwen-turbo:v7");
    await expect(king).toContainText("Reigning since block #26,800");
    await expect(king).toContainText(/Median TTFT .* against the baseline/);
    const emission = page.getByRole("region", { name: "Emission to the king" });
    await expect(emission).toContainText("592.0 ξ");
    await expect(emission).toContainText("5.62 τ");
    await expect(emission).toContainText("This reign so far");
    await expect(page.getByRole("region", { name: "On-chain cross-check" })).toContainText(
      "matches the king",
    );
    await expect(page.getByRole("table", { name: "Evaluation in progress" }).getByRole("row")).toHaveCount(3);
    await expect(page.getByRole("table", { name: "Latest challengers" }).getByRole("row")).toHaveCount(7);
    await expect(page.getByRole("region", { name: "Decay margin" }).locator("svg").first()).toBeVisible();
    await keepScreenshot(page, testInfo, "home");
  });

  test("ticks the decay margin live in the browser", async ({ page }) => {
    await page.goto("/");
    const margin = page.getByRole("region", { name: "Decay margin" });
    await expect(margin).toContainText("block #77,200");
    await expect(margin).toContainText("> 20.1 %");
    const epsilon = page.getByTestId("epsilon-now");
    await expect(epsilon).toHaveText(/^0\.73\d{4} %$/);
    const countdown = page.getByTestId("countdown");
    const first = await countdown.textContent();
    await expect(countdown).not.toHaveText(first ?? "", { timeout: 5_000 });
    await expect(countdown).toHaveText(/^\d+ d \d\d:\d\d:\d\d$/);
  });

  test("updates without a reload when a validator posts a run", async ({ page, request }, testInfo) => {
    // Each project takes its own pending submission, since both run against the same server.
    const uid = testInfo.project.name === "desktop" ? 60 : 61;
    await page.goto("/");
    const table = page.getByRole("table", { name: "Latest challengers" });
    const row = table
      .getByRole("row")
      .filter({ has: page.getByRole("link", { name: `Submission ${uid - 1}, UID ${uid}` }) });
    await expect(row).toContainText("pending");
    await expect(page.locator("html")).toHaveAttribute("data-live", "open");
    await page.evaluate(() => {
      (window as unknown as { marker: boolean }).marker = true;
    });
    expect(await postRun(request, seededSubmission(uid))).toBe(201);
    await expect(row).toContainText("10.0 %", { timeout: 20_000 });
    await expect(row).not.toContainText("pending");
    // Same document: the page was updated in place, not reloaded.
    expect(await page.evaluate(() => (window as unknown as { marker?: boolean }).marker)).toBe(true);
  });
});
