import { expect, test, type Page } from "@playwright/test";
import { LIVE_RUNS, LIVE_UID } from "./live-runs";
import { keepScreenshot } from "./screenshot";
import { postProgress, postRunnerError, seededSubmission } from "./support";

// A validator's runner reports progress on a seeded submission (e2e/live-runs.ts); the home page and the
// submission page follow it over the event stream, without a reload, and drop it once its run is posted.
const SUBMISSION_ID = LIVE_UID - 1;

const mark = (page: Page) => page.evaluate(() => ((window as unknown as { marker: boolean }).marker = true));
const marked = (page: Page) => page.evaluate(() => (window as unknown as { marker?: boolean }).marker);

test("home and submission pages follow a run in flight phase by phase, prompt by prompt", async ({
  page,
  context,
  request,
}, testInfo) => {
  const runId = LIVE_RUNS[testInfo.project.name === "phone" ? "phone" : "desktop"];
  const submissionPage = await context.newPage();
  await page.goto("/");
  await submissionPage.goto(`/submissions/${SUBMISSION_ID}`);
  for (const p of [page, submissionPage]) {
    await expect(p.locator("html")).toHaveAttribute("data-live", "open");
    await mark(p);
  }
  const live = page.getByRole("list", { name: "Runs in flight" });
  const row = live.getByRole("listitem").filter({ hasText: `#${SUBMISSION_ID} · UID ${LIVE_UID}` });
  const onSubmission = submissionPage.getByRole("region", { name: "Evaluation in progress" });
  await expect(onSubmission).toHaveCount(0);

  expect(await postProgress(request, runId, { phase: "pulling", detail: "layer 2 of 9" })).toBe(201);
  await expect(row).toContainText("Pull (layer 2 of 9)");
  await expect(row).toContainText(/Validator UID 0 5\w{5}…\w{4}/);
  await expect(row.getByRole("progressbar")).toHaveCount(0);

  const benchmark = { phase: "benchmark", detail: "8 timed prompts", promptCount: 8 };
  expect(await postProgress(request, runId, { ...benchmark, promptIndex: 3 })).toBe(201);
  await expect(row).toContainText("Timed pass: prompt 3 of 8");
  const current = row.getByRole("list", { name: "Phases" }).locator('[aria-current="step"]');
  await expect(current).toHaveText("Timed pass");
  const bar = row.getByRole("progressbar");
  await expect(bar).toHaveAttribute("aria-valuenow", "2");
  await expect(bar).toHaveAttribute("aria-valuemax", "8");
  await expect(bar).toHaveAttribute("aria-valuetext", "prompt 3 of 8");
  await expect(onSubmission).toContainText("Timed pass: prompt 3 of 8");

  expect(await postProgress(request, runId, { ...benchmark, promptIndex: 4 })).toBe(201);
  await expect(row).toContainText("Timed pass: prompt 4 of 8");
  await expect(onSubmission).toContainText("Timed pass: prompt 4 of 8");
  await expect(
    onSubmission.getByRole("list", { name: "Phases" }).locator('[aria-current="step"]'),
  ).toHaveText("Timed pass");
  await row.scrollIntoViewIfNeeded();
  await keepScreenshot(page, testInfo, "home-live-evaluation");
  await keepScreenshot(submissionPage, testInfo, "submission-live-evaluation");
  // Dark mode is chosen before the first paint: new pages, so the live ones stay the same documents.
  for (const [path, name] of [
    ["/", "home"],
    [`/submissions/${SUBMISSION_ID}`, "submission"],
  ] as const) {
    const dark = await context.newPage();
    await dark.emulateMedia({ colorScheme: "dark" });
    await dark.goto(path);
    const runs = dark.getByRole("list", { name: "Runs in flight" });
    await expect(runs).toContainText("prompt 4 of 8");
    await runs.scrollIntoViewIfNeeded();
    await keepScreenshot(dark, testInfo, `${name}-live-evaluation-dark`);
    await dark.close();
  }

  expect(await postRunnerError(request, runId, seededSubmission(LIVE_UID))).toBe(201);
  await expect(row).toHaveCount(0);
  await expect(onSubmission).toHaveCount(0);
  // The same documents: updated in place, not reloaded.
  expect(await marked(page)).toBe(true);
  expect(await marked(submissionPage)).toBe(true);
});
