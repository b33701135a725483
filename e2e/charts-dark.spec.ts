import { expect, test } from "@playwright/test";
import { keepScreenshot } from "./screenshot";

/** WCAG contrast ratio of two computed `rgb(...)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (rgb: string) => {
    const [r, g, bl] = (rgb.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (bl ?? 0);
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

for (const theme of ["dark", "light"] as const) {
  test(`the kings chart is readable in the ${theme} theme: ticks and tooltip at least 4.5:1`, async ({
    page,
  }, testInfo) => {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto("/kings");
    const chart = page.getByRole("figure", { name: "Winning score" });
    await expect(chart.locator(".recharts-cartesian-axis-tick-value").first()).toBeVisible();
    const pageBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const tickFill = await chart
      .locator(".recharts-cartesian-axis-tick-value")
      .first()
      .evaluate((el) => getComputedStyle(el).fill);
    expect(contrast(tickFill, pageBg)).toBeGreaterThanOrEqual(4.5);

    const box = await chart.locator(".recharts-surface").boundingBox();
    if (!box) throw new Error("the chart has no box");
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5);
    const tooltip = chart.locator(".recharts-default-tooltip");
    await expect(tooltip).toBeVisible();
    const [bg, fg, itemFg] = await tooltip.evaluate((el) => {
      const item = el.querySelector(".recharts-tooltip-item");
      return [
        getComputedStyle(el).backgroundColor,
        getComputedStyle(el.querySelector(".recharts-tooltip-label") ?? el).color,
        getComputedStyle(item ?? el).color,
      ];
    });
    expect(contrast(fg, bg)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(itemFg, bg)).toBeGreaterThanOrEqual(4.5);
    if (theme === "dark") expect(contrast(bg, pageBg)).toBeLessThan(2);
    await keepScreenshot(page, testInfo, `chart-${theme}`);
  });
}
