// Atom (RFC 4287), written by hand: a feed is a few fixed elements, and every text goes through one escape.

export interface AtomEntry {
  /** A permanent IRI: the same event keeps its id whatever the explorer's address. */
  readonly id: string;
  readonly title: string;
  /** ISO 8601 (UTC). */
  readonly updated: string;
  readonly link: string;
  readonly summary: string;
}

export interface AtomFeed {
  readonly id: string;
  readonly title: string;
  readonly subtitle: string;
  /** The feed's own address (rel="self") and the page it follows (rel="alternate"), absolute. */
  readonly selfUrl: string;
  readonly pageUrl: string;
  /** Used as the feed's `updated` when it has no entry yet. */
  readonly emptyUpdated: string;
  readonly entries: readonly AtomEntry[];
}

const XML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/** Text and attribute values for XML 1.0: markup escaped, and characters XML cannot carry at all dropped. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/[&<>"']/g, (c) => XML_ESCAPES[c] as string);
}

const element = (name: string, text: string) => `<${name}>${escapeXml(text)}</${name}>`;
const link = (href: string, rel: string, type?: string) =>
  `<link rel="${rel}" href="${escapeXml(href)}"${type ? ` type="${type}"` : ""}/>`;

/** The feed as an Atom document, entries newest first; `updated` is its newest entry's. */
export function renderAtom(feed: AtomFeed): string {
  const entries = [...feed.entries].sort((a, b) => Date.parse(b.updated) - Date.parse(a.updated));
  const updated = entries[0]?.updated ?? feed.emptyUpdated;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    element("id", feed.id),
    element("title", feed.title),
    element("subtitle", feed.subtitle),
    element("updated", updated),
    "<author><name>Cacheon Explorer</name></author>",
    element("generator", "Cacheon Explorer"),
    link(feed.selfUrl, "self", "application/atom+xml"),
    link(feed.pageUrl, "alternate", "text/html"),
    ...entries.map((e) =>
      [
        "<entry>",
        element("id", e.id),
        element("title", e.title),
        element("updated", e.updated),
        link(e.link, "alternate", "text/html"),
        `<summary type="text">${escapeXml(e.summary)}</summary>`,
        "</entry>",
      ].join(""),
    ),
    "</feed>",
    "",
  ].join("\n");
}
