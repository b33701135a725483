import { boardRead, DEFAULT_ORDER, STATUS_FILTERS, type BoardQuery } from "./leaderboard-query";

/**
 * The board's filter and exports: a plain GET form rendered on the server, since the page is rendered from its
 * URL; it needs no JavaScript (next/form would add router code to the board's first-load bundle).
 */
export function LeaderboardFilter({ query }: { query: BoardQuery }) {
  return (
    <form
      method="get"
      action="/leaderboard"
      className="flex flex-wrap items-end gap-3"
      aria-label="Filter the leaderboard"
    >
      <label className="flex flex-col text-xs text-slate-500 dark:text-slate-400">
        Status
        <select
          name="status"
          defaultValue={query.status ?? ""}
          className="mt-1 rounded border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
        >
          <option value="">All submissions</option>
          {STATUS_FILTERS.map((s) => (
            <option key={s} value={s}>
              {s === "ignored" ? "Ignored and unparseable commitments" : s}
            </option>
          ))}
        </select>
      </label>
      <label className="flex min-w-[14rem] flex-1 flex-col text-xs text-slate-500 dark:text-slate-400">
        Search hotkey, UID or image
        <input
          type="search"
          name="q"
          defaultValue={query.q ?? ""}
          placeholder="5F3s…, 12, ghcr.io/…"
          className="mt-1 rounded border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
        />
      </label>
      {query.status !== "ignored" && query.sort !== "score" ? (
        <input type="hidden" name="sort" value={query.sort} />
      ) : null}
      {query.order !== DEFAULT_ORDER[query.sort] ? (
        <input type="hidden" name="order" value={query.order} />
      ) : null}
      <button
        type="submit"
        className="rounded bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-amber-500 dark:bg-slate-100 dark:text-slate-900"
      >
        Apply
      </button>
      <span className="ml-auto flex gap-3 text-sm">
        <a
          href={boardRead({ ...query, cursor: undefined }, { format: "csv" }).path}
          className="underline underline-offset-2"
        >
          Export CSV
        </a>
        <a href={boardRead(query, { format: "json" }).path} className="underline underline-offset-2">
          JSON
        </a>
      </span>
    </form>
  );
}
