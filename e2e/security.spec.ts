import { expect, test, type ConsoleMessage } from "@playwright/test";

// Issue #9, hardening: the production server's security headers, and pages that still run under their CSP
// (the theme script and Next.js's inline bootstrap carry the per-request nonce; nothing is refused).

const PAGES = ["/", "/leaderboard", "/validators", "/methodology"];

test.describe("security headers", () => {
  for (const path of PAGES) {
    test(`${path} hydrates under its CSP with no violation`, async ({ page }) => {
      const problems: string[] = [];
      const isCsp = (m: ConsoleMessage) =>
        /Content Security Policy|Refused to (execute|load|apply|connect)/i.test(m.text());
      page.on("console", (m) => {
        if (isCsp(m) || m.type() === "error") problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
      const response = await page.goto(path);
      expect(response?.status()).toBe(200);

      const headers = response?.headers() ?? {};
      const csp = headers["content-security-policy"] ?? "";
      expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(headers["x-frame-options"]).toBe("DENY");
      expect(headers["x-content-type-options"]).toBe("nosniff");
      expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
      expect(headers["permissions-policy"]).toContain("camera=()");
      expect(headers["x-powered-by"]).toBeUndefined();

      // The inline theme script ran (it sets color-scheme before paint)…
      expect(await page.evaluate(() => document.documentElement.style.colorScheme)).toMatch(/^(light|dark)$/);
      // …and React hydrated: the theme toggle works.
      const wasDark = await page.evaluate(() => document.documentElement.classList.contains("dark"));
      await page.getByRole("button", { name: /Switch to (light|dark) theme/ }).click();
      await expect
        .poll(() => page.evaluate(() => document.documentElement.classList.contains("dark")))
        .toBe(!wasDark);
      // Give late chunks and the live-events stream a moment to be refused, if they were going to be.
      await page.waitForTimeout(500);
      expect(problems.filter((p) => /Content Security Policy|Refused to/i.test(p))).toEqual([]);
    });
  }

  test("injected markup cannot run script, and the refusal is seen", async ({ page }) => {
    const refusals: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) refusals.push(m.text());
    });
    await page.goto("/methodology");
    // The classic XSS shape: markup with an inline event handler, as a rendered string would carry it.
    await page.evaluate(() =>
      document.body.insertAdjacentHTML(
        "beforeend",
        '<img src="/nope.png" onerror="window.__injected = true">',
      ),
    );
    await expect.poll(() => refusals.length).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as { __injected?: boolean }).__injected)).toBeUndefined();
  });

  test("every page request gets a fresh nonce", async ({ request }) => {
    const nonce = async () =>
      /'nonce-([^']+)'/.exec((await request.get("/")).headers()["content-security-policy"] ?? "")?.[1];
    const [a, b] = [await nonce(), await nonce()];
    expect(a).toBeTruthy();
    expect(a).not.toBe(b);
  });

  test("API answers carry a request id and a CSP that allows nothing", async ({ request }) => {
    const echoed = await request.get("/api/v1/status", { headers: { "x-request-id": "e2e-trace-1" } });
    expect(echoed.status()).toBe(200);
    expect(echoed.headers()["x-request-id"]).toBe("e2e-trace-1");
    expect(echoed.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(echoed.headers()["x-content-type-options"]).toBe("nosniff");
    expect(echoed.headers()["x-frame-options"]).toBe("DENY");

    const generated = await request.get("/api/v1/status", { headers: { "x-request-id": "not a token" } });
    expect(generated.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);

    const refused = await request.post("/api/v1/runs", { data: { hello: "world" } });
    expect(refused.status()).toBe(401);
    expect(refused.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("missing_headers");
  });

  test("health and readiness answer", async ({ request }) => {
    const health = await request.get("/api/health");
    expect(health.status()).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok" });
    const ready = await request.get("/api/ready");
    expect(ready.status()).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", migrations: expect.any(Number) });
    expect(ready.headers()["cache-control"]).toBe("no-store");
  });
});
