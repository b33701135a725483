import { expect, test } from "@playwright/test";
import { keepScreenshot } from "./screenshot";

test.describe("not found", () => {
  test("answers 404 with the house's page, the header and a way on", async ({ page }, testInfo) => {
    const response = await page.goto("/no/such/page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nothing here");
    await expect(page.getByRole("link", { name: "The leaderboard" })).toHaveAttribute("href", "/leaderboard");
    await expect(page.getByRole("searchbox")).toBeVisible();
    await expect(page).toHaveTitle("Not found · Cacheon Explorer");
    await keepScreenshot(page, testInfo, "not-found");
  });

  test("is also what a submission that does not exist answers", async ({ page }) => {
    const response = await page.goto("/submissions/999999");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nothing here");
  });
});

test.describe("/api", () => {
  test("renders the OpenAPI document for people, reached from the footer", async ({ page }, testInfo) => {
    await page.goto("/");
    await page.getByRole("contentinfo").getByRole("link", { name: "API" }).click();
    await expect(page).toHaveURL(/\/api$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("API");
    await expect(page.getByRole("region", { name: "GET /api/v1/submissions", exact: true })).toContainText(
      "cursor",
    );
    await expect(page.getByRole("region", { name: "POST /api/v1/runs", exact: true })).toContainText(
      "signed (Epistula v2)",
    );
    await expect(page.getByRole("link", { name: "/api/v1/openapi.json" })).toBeVisible();
    // The page gets the pages' nonce CSP (its theme script runs), not the API's default-src 'none'.
    await expect(page.locator("html")).toHaveAttribute("style", /color-scheme/);
    await keepScreenshot(page, testInfo, "api");
  });

  test("GET /api/v1/openapi.json is OpenAPI 3.1, cacheable", async ({ request }) => {
    const response = await request.get("/api/v1/openapi.json");
    expect(response.status()).toBe(200);
    expect(response.headers()["cache-control"]).toContain("max-age");
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toContain("/api/v1/submissions/{id}");
  });
});

test.describe("metadata, icon, robots and sitemap", () => {
  test("a submission page has its title, its Open Graph card and the site's icon", async ({
    page,
    request,
  }) => {
    await page.goto("/submissions/5");
    await expect(page).toHaveTitle("Submission #5 · Cacheon Explorer");
    const card = await page.locator('meta[property="og:image"]').first().getAttribute("content");
    expect(card).toMatch(/\/submissions\/5\/opengraph-image/);
    const image = await request.get(new URL(card ?? "").pathname + new URL(card ?? "").search);
    expect(image.status()).toBe(200);
    expect(image.headers()["content-type"]).toBe("image/png");
    const icon = await page.locator('link[rel="icon"]').getAttribute("href");
    expect((await request.get(icon ?? "")).headers()["content-type"]).toContain("image/svg+xml");
  });

  test("the home page's card is the king's", async ({ page, request }) => {
    await page.goto("/");
    const card = await page.locator('meta[property="og:image"]').first().getAttribute("content");
    expect(card).toMatch(/\/opengraph-image/);
    const image = await request.get(new URL(card ?? "").pathname + new URL(card ?? "").search);
    expect(image.headers()["content-type"]).toBe("image/png");
    expect((await image.body()).length).toBeGreaterThan(5_000);
  });

  test("robots.txt keeps crawlers off the API and names the sitemap, which lists pages and submissions", async ({
    request,
  }) => {
    const robots = await (await request.get("/robots.txt")).text();
    expect(robots).toContain("Disallow: /api/v1/");
    expect(robots).toMatch(/Sitemap: http:\/\/\S+\/sitemap\.xml/);
    const sitemap = await request.get("/sitemap.xml");
    expect(sitemap.status()).toBe(200);
    const xml = await sitemap.text();
    expect(xml).toContain("/leaderboard</loc>");
    expect(xml).toMatch(/\/submissions\/\d+<\/loc>/);
  });
});
