/**
 * One box for anything: an address, a UID, a submission number, a block or an image name. A plain GET form, so
 * it works before (or without) JavaScript; /search answers with a redirect to the page.
 */
export function SearchBox() {
  return (
    <form action="/search" method="get" role="search" aria-label="Site" className="w-full">
      <label htmlFor="site-search" className="sr-only">
        Search by hotkey, UID, submission number, block or image
      </label>
      <input
        id="site-search"
        name="q"
        type="search"
        autoComplete="off"
        spellCheck={false}
        maxLength={200}
        placeholder="Hotkey, UID 6, #42, block, image…"
        className="w-full rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm placeholder:text-slate-500 focus-visible:outline-2 focus-visible:outline-amber-500 dark:border-slate-700 dark:bg-slate-900 dark:placeholder:text-slate-400"
      />
    </form>
  );
}
