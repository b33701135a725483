import { expect, test } from "@playwright/test";
import { keepScreenshot } from "./screenshot";

test.describe("/methodology", () => {
  test("renders the rules and the parameters in force, onKingGone included", async ({ page }, testInfo) => {
    await page.goto("/methodology");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Methodology");
    await expect(page.getByText("in force at block #40,000")).toBeVisible();
    await expect(page.getByText("rule in force: clear")).toBeVisible();
    await expect(page.getByText(/ε\(age\) = 1 % × max\(0, 1 − age \/ 50,400\)/)).toBeVisible();
    // The pinned baseline and the prompt corpus are parameters too.
    await expect(page.getByText(/^vllm\/vllm-openai:v0\.14\.0@sha256:[0-9a-f]{64}$/)).toBeVisible();
    await expect(page.getByText("--generation-config", { exact: false }).first()).toBeVisible();
    await expect(page.getByText("deepmind/pg19", { exact: true })).toBeVisible();
    await keepScreenshot(page, testInfo, "methodology");
  });
});
