import { describe, expect, it } from "vitest";
import { escapeXml, renderAtom, type AtomFeed } from "./atom";
import { xmlProblem } from "./test-support/well-formed";

const FEED: AtomFeed = {
  id: "urn:cacheon:finney:14:kings",
  title: "Kings & <clearings>",
  subtitle: `quotes " and ' and a control\u0001 character`,
  selfUrl: "https://explorer.example/kings/feed.atom?a=1&b=2",
  pageUrl: "https://explorer.example/kings",
  emptyUpdated: "2026-01-01T00:00:00.000Z",
  entries: [
    {
      id: "urn:cacheon:finney:14:coronation:100:1",
      title: "older",
      updated: "2026-02-01T00:00:00.000Z",
      link: "https://explorer.example/submissions/1",
      summary: "<script>alert(1)</script>",
    },
    {
      id: "urn:cacheon:finney:14:coronation:200:2",
      title: "newer",
      updated: "2026-03-01T00:00:00.000Z",
      link: "https://explorer.example/submissions/2",
      summary: "a & b",
    },
  ],
};

/** The text of each `<name>` element directly inside `xml`'s part, in order. */
const texts = (xml: string, name: string) =>
  [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, "g"))].map((m) => m[1]);

describe("renderAtom", () => {
  it("writes a well-formed Atom document with every element RFC 4287 requires", () => {
    const xml = renderAtom(FEED);
    expect(xmlProblem(xml)).toBeNull();
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    const head = xml.slice(0, xml.indexOf("<entry>"));
    for (const name of ["id", "title", "updated"]) expect(texts(head, name)).toHaveLength(1);
    expect(head).toContain("<author><name>Cacheon Explorer</name></author>");
    expect(head).toContain(
      'rel="self" href="https://explorer.example/kings/feed.atom?a=1&amp;b=2" type="application/atom+xml"',
    );
    const entries = xml.split("<entry>").slice(1);
    expect(entries).toHaveLength(2);
    for (const entry of entries) {
      for (const name of ["id", "title", "updated"]) expect(texts(entry, name)).toHaveLength(1);
      expect(entry).toMatch(/<link rel="alternate" href="https:\/\/[^"]+" type="text\/html"\/>/);
    }
  });

  it("puts the newest entry first and dates the feed by it", () => {
    const xml = renderAtom(FEED);
    expect(texts(xml, "title").slice(1)).toEqual(["newer", "older"]);
    expect(texts(xml, "updated")[0]).toBe("2026-03-01T00:00:00.000Z");
  });

  it("dates an empty feed by emptyUpdated and stays well-formed", () => {
    const xml = renderAtom({ ...FEED, entries: [] });
    expect(xmlProblem(xml)).toBeNull();
    expect(texts(xml, "updated")).toEqual(["2026-01-01T00:00:00.000Z"]);
  });

  it("escapes markup and drops characters XML cannot carry", () => {
    expect(escapeXml(`<a href="x">&'`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
    expect(escapeXml("a\u0001b\u0000c\uFFFEd")).toBe("abcd");
    expect(renderAtom(FEED)).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });
});

describe("xmlProblem (the test's own checker)", () => {
  it.each([
    ['<?xml version="1.0"?><a><b></a></b>', /closes nothing/],
    ['<?xml version="1.0"?><a>x & y</a>', /bare "&"/],
    ['<?xml version="1.0"?><a>1 < 2</a>', /bare "<"/],
    ['<?xml version="1.0"?><a><b>', /unclosed/],
    ['<?xml version="1.0"?><a/><b/>', /2 root elements/],
  ])("refuses %s", (xml, problem) => {
    expect(xmlProblem(xml)).toMatch(problem);
  });
});
