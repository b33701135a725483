import { expect, test } from "@playwright/test";
import { keepScreenshot } from "./screenshot";

test.describe("/submissions/[id]", () => {
  test("explains a correctness failure: the verdict, what to check, the divergence and the log tail", async ({
    page,
  }, testInfo) => {
    // Submission 2 (UID 3) diverges from the baseline on prompt 1 at position 17.
    await page.goto("/submissions/2");
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Submission #2");
    await expect(page.getByTestId("verdict")).toContainText("Not eligible: output differs from the baseline");
    const failure = page.getByRole("region", { name: "Output differs from the baseline" });
    await expect(failure).toContainText("What to check:");
    await expect(page.getByLabel("Log tail")).toContainText("ERROR something went wrong");
    const divergence = page.getByTestId("divergence");
    await expect(divergence).toContainText("Prompt 1, token position 17");
    await expect(divergence).toContainText("␣the");
    await expect(divergence).toContainText("-2.100");
    await expect(
      page.getByRole("table", { name: "The submission's top-5 at the divergence" }).locator("tbody tr"),
    ).toHaveCount(2);
    await expect(page.getByRole("list", { name: "Tolerance checks" })).toContainText("Failed: Top-1 logprob");
    await expect(page.getByRole("region", { name: "Commitment" })).toContainText(
      '"image":"docker.io/miner3/fast-qwen:v1"',
    );
    await keepScreenshot(page, testInfo, "submission-failed");
  });

  test("shows the king's runs by validator with per-prompt charts", async ({ page }, testInfo) => {
    await page.goto("/submissions/5");
    await expect(page.getByTestId("verdict")).toContainText(
      "The reigning king, with a consensus score of 20.0 % (2 of 2 validators agreeing)",
    );
    await expect(page.getByRole("article")).toHaveCount(2);
    const run = page.getByRole("article").first();
    await expect(run).toContainText("baseline");
    await expect(
      run.getByRole("figure", { name: "TTFT per prompt (ms, lower is better)" }).locator("svg").first(),
    ).toBeVisible();
    await expect(
      run
        .getByRole("figure", { name: "Inter-token latency (ms)" })
        .locator(".recharts-bar-rectangle")
        .first(),
    ).toBeVisible();
    await keepScreenshot(page, testInfo, "submission");
  });

  test("says plainly when a submission does not exist", async ({ page }) => {
    const response = await page.goto("/submissions/99999");
    expect(response?.status()).toBe(404);
    await expect(page.getByText(/could not be found|not found/i).first()).toBeVisible();
  });
});
