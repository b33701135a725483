import { expect, test, type Page } from "@playwright/test";
import { keepScreenshot } from "./screenshot";
import { EMPTY_URL } from "./support";

// The seeded explorer follows the fake official API (June era, the seed's own miners); its importer needs a
// few seconds after start, so the first page waits for the official track by reloading.
async function gotoWhenImported(page: Page, path: string, region: string, text: string | RegExp) {
  await expect(async () => {
    await page.goto(path);
    await expect(page.getByRole("region", { name: region })).toContainText(text, { timeout: 1_000 });
  }).toPass({ timeout: 45_000 });
}

const PROVENANCE = /Published by the subnet's validator, fetched at .*, not signed\./;

test.describe("the official track", () => {
  test("home: both kings with the chain's cross-check, and the live official evaluation", async ({
    page,
  }, testInfo) => {
    await gotoWhenImported(page, "/", "Official king", "UID6");
    const official = page.getByRole("region", { name: "Official king" });
    await expect(official).toContainText("#25,100");
    await expect(official).toContainText("matches the chain");
    await expect(official).toContainText(PROVENANCE);
    const ours = page.getByRole("region", { name: "Independent king" });
    await expect(ours).toContainText("UID6");
    await expect(ours).toContainText("the tracks agree");
    const live = page.getByRole("region", { name: "Official evaluation in progress" });
    await expect(live).toContainText("Evaluating challengers");
    await expect(live).toContainText("4× H200 on targon");
    await expect(live.getByRole("list", { name: "Phases" })).toContainText("Searching for GPU");
    await expect(live.getByRole("list", { name: "Challengers" })).toContainText("awaiting correctness");
    await keepScreenshot(page, testInfo, "home-both-tracks");
  });

  test("leaderboard: official verdicts beside ours, filtered by agreement in the URL", async ({
    page,
  }, testInfo) => {
    await gotoWhenImported(page, "/leaderboard", "Both tracks, submission by submission", "agree");
    const table = page.getByRole("table", { name: "Official and independent verdicts" });
    await expect(table).toContainText("disqualified");
    await page
      .getByRole("navigation", { name: "Filter by agreement" })
      .getByRole("link", { name: /^differ/ })
      .click();
    await expect(page).toHaveURL(/official=differ/);
    const rows = page.getByRole("table", { name: "Official and independent verdicts" }).getByRole("row");
    // UIDs 8 and 13 (disqualified by the validator, scored by ours), 9 (the reverse), 10 and 11 (digests).
    await expect(rows).toHaveCount(6);
    await expect(rows.filter({ hasText: "UID 8" })).toContainText("differ");
    await keepScreenshot(page, testInfo, "leaderboard-both-tracks");
  });

  test("submission: official evaluations with per-prompt figures, the tracks compared, the container log", async ({
    page,
  }, testInfo) => {
    await gotoWhenImported(page, "/submissions/5", "Official evaluations", "the tracks agree");
    const card = page.getByRole("region", { name: "Official evaluations" });
    await expect(card.getByRole("table", { name: "Official per-prompt figures" }).first()).toContainText(
      "5.20",
    );
    await expect(card).toContainText(PROVENANCE);
    await keepScreenshot(page, testInfo, "submission-both-tracks");
    const log = await card.getByRole("link", { name: "Container log" }).first().getAttribute("href");
    await page.goto(log ?? "/official");
    await expect(page).toHaveURL(/\/official\/logs\/uid6_/);
    await expect(async () => {
      await page.reload();
      await expect(page.locator("pre")).toContainText("starting server for uid 6", { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
  });

  test("submission: the official validator's evaluation in progress, on a submission it is evaluating", async ({
    page,
  }, testInfo) => {
    // The fake's round has three challengers, the second (UID 14, submission 13) awaiting correctness.
    const live = page.getByLabel("Official validator's evaluation in progress");
    await gotoWhenImported(
      page,
      "/submissions/13",
      "Official evaluations",
      "The official validator is evaluating",
    );
    await expect(live).toContainText("challenger 2 of 3");
    await expect(live).toContainText("Evaluating challengers (Evaluating challenger 2 of 3)");
    await expect(live).toContainText("awaiting correctness");
    await keepScreenshot(page, testInfo, "submission-official-live");
    await page.goto("/submissions/5");
    await expect(page.getByRole("region", { name: "Official evaluations" })).toBeVisible();
    await expect(live).toHaveCount(0);
  });

  test("kings: the official history across the king, winner and leader eras", async ({ page }) => {
    await gotoWhenImported(page, "/kings", "Official history", "leader");
    const table = page.getByRole("table", { name: "Official crownings" });
    await expect(table.getByRole("row")).toHaveCount(4);
    for (const role of ["king", "winner", "leader"]) await expect(table).toContainText(role);
  });

  test("/official and /status: blocks, rounds, logs, a record never seen, and the anomalies", async ({
    page,
  }, testInfo) => {
    await gotoWhenImported(page, "/official", "Validator status", "#45,000");
    await expect(page.getByRole("region", { name: "Validator status" })).toContainText("#44,960");
    await expect(page.getByRole("region", { name: "Anomalies" })).toContainText(
      "Evaluated a different digest",
    );
    await expect(page.getByRole("region", { name: "Records to look at" })).toContainText(
      "shape not understood",
    );
    await expect(page.getByRole("table", { name: "Official rounds" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Logs" })).toContainText("gpu_");
    await keepScreenshot(page, testInfo, "official");
    await page.goto("/status");
    await expect(page.getByRole("region", { name: "Official validator (official track)" })).toContainText(
      "Evaluated a different digest",
    );
  });

  test("an explorer with OFFICIAL_API_URL empty says the importer is off", async ({ page }) => {
    await page.goto(`${EMPTY_URL}/official`);
    await expect(page.getByRole("region", { name: "Importer" })).toContainText(
      "The official importer is off.",
    );
  });
});
