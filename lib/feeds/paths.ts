// Where each feed lives, beside the page it follows; one place for the pages' <link rel="alternate"> and the
// visible links.

export const KINGS_FEED_PATH = "/kings/feed.atom";
export const minerFeedPath = (hotkey: string): string => `/miners/${encodeURIComponent(hotkey)}/feed.atom`;
export const submissionFeedPath = (id: string | number): string => `/submissions/${id}/feed.atom`;

/** Next's metadata `alternates` for a page with a feed. */
export function feedAlternates(path: string, title: string) {
  return { types: { "application/atom+xml": [{ url: path, title }] } };
}
