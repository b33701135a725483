"use client";

import Link from "next/link";
import { Notice } from "@/components/ui/notice";
import { SubmissionsTable, type Column } from "@/components/submissions/submissions-table";
import { useApi } from "@/lib/client/use-api";
import type { Status } from "@/lib/schemas/status";
import type { SubmissionsResponse } from "@/lib/schemas/submissions";
import { IgnoredTable } from "./ignored-table";
import { boardApiPath, boardHref, DEFAULT_ORDER, STATUS_FILTERS, type BoardQuery } from "./leaderboard-query";

export function Leaderboard({ query }: { query: BoardQuery }) {
  const { data, isError, error } = useApi<SubmissionsResponse>(boardApiPath(query));
  const { data: status } = useApi<Status>("/api/v1/status");
  const currentBlock = status?.ingest.lastIngestedBlock ?? null;
  const sortHref = (column: Column) => {
    const order = query.sort === column ? (query.order === "asc" ? "desc" : "asc") : DEFAULT_ORDER[column];
    return boardHref({ ...query, sort: column, order, cursor: undefined });
  };
  const arrow = (column: Column) => (query.sort !== column ? "↕" : query.order === "asc" ? "↑" : "↓");
  return (
    <div className="space-y-4">
      {/* A plain GET form: the page is server-rendered from its URL, so a full navigation needs no client router
          code (next/form would add it to the board's first-load JavaScript). */}
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
            href={boardApiPath({ ...query, cursor: undefined }, { format: "csv" })}
            className="underline underline-offset-2"
          >
            Export CSV
          </a>
          <a href={boardApiPath(query, { format: "json" })} className="underline underline-offset-2">
            JSON
          </a>
        </span>
      </form>
      {isError && !data ? (
        <Notice tone="bad" title="The leaderboard could not be loaded.">
          {error.message}
        </Notice>
      ) : null}
      {data && data.items.length === 0 ? (
        <Notice title={query.q || query.status ? "Nothing matches this view." : "No submissions yet."}>
          {query.q || query.status ? (
            <Link href="/leaderboard" className="underline underline-offset-2">
              Show every submission
            </Link>
          ) : (
            "Miners appear here once their commitment is read from the chain."
          )}
        </Notice>
      ) : null}
      {data?.kind === "submissions" && data.items.length > 0 ? (
        <SubmissionsTable
          label="Leaderboard"
          items={data.items}
          currentBlock={currentBlock}
          ariaSort={(c) =>
            query.sort === c ? (query.order === "asc" ? "ascending" : "descending") : undefined
          }
          header={(c, text) => (
            <Link
              href={sortHref(c)}
              className="inline-flex items-center gap-1 uppercase hover:text-slate-900 dark:hover:text-white"
              aria-label={`Sort by ${text}`}
            >
              {text} <span aria-hidden>{arrow(c)}</span>
            </Link>
          )}
        />
      ) : null}
      {data?.kind === "commitments" && data.items.length > 0 ? <IgnoredTable items={data.items} /> : null}
      <nav aria-label="Pages" className="flex gap-4 text-sm">
        {query.cursor ? (
          <Link href={boardHref({ ...query, cursor: undefined })} className="underline underline-offset-2">
            ← First page
          </Link>
        ) : null}
        {data?.nextCursor ? (
          <Link
            href={boardHref({ ...query, cursor: data.nextCursor })}
            className="underline underline-offset-2"
          >
            Next page →
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
