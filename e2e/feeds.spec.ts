import { expect, test, type Page } from "@playwright/test";
import { minerHotkey } from "./support";

/** Parses with Chromium's own XML parser: a well-formedness error is a <parsererror> document. */
async function parseAtom(page: Page, xml: string) {
  return page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "application/xml");
    const atom = "http://www.w3.org/2005/Atom";
    const feed = doc.documentElement;
    const child = (el: Element, name: string) =>
      [...el.children].filter((c) => c.namespaceURI === atom && c.localName === name);
    return {
      parseError: doc.getElementsByTagName("parsererror").length > 0,
      root: `${feed.namespaceURI} ${feed.localName}`,
      feed: ["id", "title", "updated", "author"].map((n) => child(feed, n).length),
      self:
        child(feed, "link")
          .find((l) => l.getAttribute("rel") === "self")
          ?.getAttribute("href") ?? null,
      entries: child(feed, "entry").map((e) => ({
        required: ["id", "title", "updated"].map((n) => child(e, n).length),
        title: child(e, "title")[0]?.textContent ?? "",
        link: child(e, "link")[0]?.getAttribute("href") ?? null,
      })),
    };
  }, xml);
}

const FEEDS: [page: string, name: RegExp, entry: RegExp][] = [
  ["/kings", /Coronations/, /crowned at block/],
  ["/", /Coronations/, /crowned at block/],
  [`/miners/${minerHotkey(6)}`, /Submissions and verdicts/, /Submission #\d+/],
  ["/submissions/5", /Runs of this submission/, /^Run by /],
];

test.describe("Atom feeds", () => {
  for (const [path, name, entry] of FEEDS) {
    test(`${path} names its feed, which is valid Atom, cached like the API`, async ({ page, request }) => {
      await page.goto(path);
      const link = page.locator('head link[rel="alternate"][type="application/atom+xml"]');
      await expect(link).toHaveCount(1);
      await expect(link).toHaveAttribute("title", name);
      const href = (await link.getAttribute("href")) ?? "";
      const response = await request.get(href);
      expect(response.status()).toBe(200);
      expect(response.headers()["content-type"]).toBe("application/atom+xml; charset=utf-8");
      expect(response.headers()["cache-control"]).toContain("max-age=5");
      const atom = await parseAtom(page, await response.text());
      expect(atom.parseError).toBe(false);
      expect(atom.root).toBe("http://www.w3.org/2005/Atom feed");
      expect(atom.feed).toEqual([1, 1, 1, 1]);
      expect(atom.self).toMatch(/\/feed\.atom$/);
      expect(atom.entries.length).toBeGreaterThan(0);
      for (const e of atom.entries) {
        expect(e.required).toEqual([1, 1, 1]);
        expect(e.link).toMatch(/^https?:\/\//);
      }
      expect(atom.entries.some((e) => entry.test(e.title))).toBe(true);
    });
  }

  test("a visible link on the kings page leads to the feed", async ({ page }) => {
    await page.goto("/kings");
    await expect(page.getByRole("link", { name: "Follow the throne" })).toHaveAttribute(
      "href",
      "/kings/feed.atom",
    );
  });

  test("a feed of something never seen is a 404", async ({ request }) => {
    expect((await request.get("/submissions/999999/feed.atom")).status()).toBe(404);
    expect((await request.get("/miners/5Unknown/feed.atom")).status()).toBe(404);
  });
});
