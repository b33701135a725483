import { expect, test, type Page } from "@playwright/test";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { keys } from "../server/api/test-support/signing";
import { keepScreenshot } from "./screenshot";
import { minerHotkey, seededSubmission } from "./support";

async function search(page: Page, text: string): Promise<void> {
  const box = page.getByRole("searchbox", { name: /Search by hotkey/ });
  await box.fill(text);
  await box.press("Enter");
}

test.describe("the header's search box", () => {
  test("takes an address, a submission number, a UID or an image straight to its page", async ({
    page,
  }, testInfo) => {
    await cryptoWaitReady();
    const validator = keys.validator1().address;
    await page.goto("/");
    await search(page, validator);
    await expect(page).toHaveURL(`/miners/${validator}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Miner");

    await search(page, "#5");
    await expect(page).toHaveURL("/submissions/5");

    // UID 6 is the king's: its miner page.
    await search(page, "uid 6");
    await expect(page).toHaveURL(`/miners/${minerHotkey(6)}`);

    // One submission has this image: its page. Many share "fast-qwen": the leaderboard, filtered.
    const { image } = seededSubmission(10);
    await search(page, image.split(":")[0] ?? image);
    await expect(page).toHaveURL(/\/submissions\/\d+$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("UID 10");

    await search(page, "fast-qwen");
    await expect(page).toHaveURL("/leaderboard?q=fast-qwen");
    await keepScreenshot(page, testInfo, "search");
  });

  test("works without JavaScript (a plain form and a redirect)", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/kings");
    await search(page, "submission 5");
    await expect(page).toHaveURL("/submissions/5");
    await context.close();
  });

  test("sends a finney block to taostats and an empty box to the leaderboard", async ({ request }) => {
    const block = await request.get("/search?q=block%204200000", { maxRedirects: 0 });
    expect(block.status()).toBe(303);
    expect(block.headers().location).toBe("https://taostats.io/block/4200000");
    const empty = await request.get("/search?q=", { maxRedirects: 0 });
    expect(empty.headers().location).toBe("/leaderboard");
  });
});
