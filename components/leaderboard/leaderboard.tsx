"use client";

import { Notice } from "@/components/ui/notice";
import { SubmissionsTable, type Column } from "@/components/submissions/submissions-table";
import { apiRead } from "@/lib/client/reads";
import { useApi } from "@/lib/client/use-api";
import { IgnoredTable } from "./ignored-table";
import { boardHref, boardRead, DEFAULT_ORDER, type BoardQuery } from "./leaderboard-query";

/** The board's live part: the table of the view in the URL and its pager, refreshed by live events. */
export function Leaderboard({ query }: { query: BoardQuery }) {
  const { data, isError, error } = useApi(boardRead(query));
  const { data: status } = useApi(apiRead("/api/v1/status"));
  const currentBlock = status?.ingest.lastIngestedBlock ?? null;
  const sortHref = (column: Column) => {
    const order = query.sort === column ? (query.order === "asc" ? "desc" : "asc") : DEFAULT_ORDER[column];
    return boardHref({ ...query, sort: column, order, cursor: undefined });
  };
  const arrow = (column: Column) => (query.sort !== column ? "↕" : query.order === "asc" ? "↑" : "↓");
  return (
    <div className="space-y-4">
      {isError && !data ? (
        <Notice tone="bad" title="The leaderboard could not be loaded.">
          {error.message}
        </Notice>
      ) : null}
      {data && data.items.length === 0 ? (
        <Notice title={query.q || query.status ? "Nothing matches this view." : "No submissions yet."}>
          {query.q || query.status ? (
            <a href="/leaderboard" className="underline underline-offset-2">
              Show every submission
            </a>
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
            <a
              href={sortHref(c)}
              className="inline-flex items-center gap-1 uppercase hover:text-slate-900 dark:hover:text-white"
              aria-label={`Sort by ${text}`}
            >
              {text} <span aria-hidden>{arrow(c)}</span>
            </a>
          )}
        />
      ) : null}
      {data?.kind === "commitments" && data.items.length > 0 ? <IgnoredTable items={data.items} /> : null}
      <nav aria-label="Pages" className="flex gap-4 text-sm">
        {query.cursor ? (
          <a href={boardHref({ ...query, cursor: undefined })} className="underline underline-offset-2">
            ← First page
          </a>
        ) : null}
        {data?.nextCursor ? (
          <a href={boardHref({ ...query, cursor: data.nextCursor })} className="underline underline-offset-2">
            Next page →
          </a>
        ) : null}
      </nav>
    </div>
  );
}
