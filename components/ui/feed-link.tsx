/** A visible link to a page's Atom feed (the page also names it in <link rel="alternate"> for feed readers). */
export function FeedLink({ href, children }: { href: string; children: string }) {
  return (
    <p className="mt-6 text-xs text-slate-600 dark:text-slate-300">
      <a href={href} type="application/atom+xml" className="underline underline-offset-2">
        {children}
      </a>{" "}
      (Atom feed: paste it into a feed reader)
    </p>
  );
}
