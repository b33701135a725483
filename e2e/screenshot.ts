import type { Page, TestInfo } from "@playwright/test";

/** Full-page screenshot kept by CI under e2e-artifacts/screenshots, named by page and device. */
export async function keepScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({
    path: `e2e-artifacts/screenshots/${name}-${testInfo.project.name}.png`,
    fullPage: true,
  });
}
