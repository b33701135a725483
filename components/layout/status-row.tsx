"use client";

import { formatBlock, formatCount, timeAgo } from "@/lib/format";
import { apiRead } from "@/lib/client/reads";
import { useApi } from "@/lib/client/use-api";
import { useNow } from "@/lib/client/use-now";

/**
 * One line under the header on every page. "Stale" (the chain is unreachable or our refetch failed: we keep
 * showing the last data and say how old it is) is told apart from "down" (we have nothing to show).
 */
export function StatusRow() {
  const { data, isError, dataUpdatedAt } = useApi(apiRead("/api/v1/status"));
  const nowMs = useNow(5_000);
  const now = nowMs === null ? null : new Date(nowMs);
  const base = "mx-auto flex w-full max-w-6xl flex-wrap items-center gap-x-2 px-4 py-1.5 text-xs sm:px-6";
  if (!data) {
    return (
      <div
        role="status"
        aria-label="Explorer status"
        className="bg-red-50 text-red-900 dark:bg-red-950/50 dark:text-red-200"
      >
        <p className={base}>The explorer&apos;s API is down: no data could be loaded. Retrying.</p>
      </div>
    );
  }
  const { chain, ingest } = data;
  const asOf = ingest.updatedAt ? new Date(ingest.updatedAt) : null;
  const age =
    asOf && now ? timeAgo(asOf, now) : asOf ? asOf.toISOString().slice(0, 16).replace("T", " ") : null;
  let tone = "bg-slate-50 text-slate-600 dark:bg-slate-900 dark:text-slate-300";
  let text: string;
  if (ingest.lastIngestedBlock === null) {
    text = "No chain data yet: the explorer has not ingested a block.";
    if (chain.state === "unreachable") text += " The chain is unreachable; retrying.";
    tone = "bg-amber-50 text-amber-900 dark:bg-amber-950/40 dark:text-amber-200";
  } else if (chain.state === "unreachable" || chain.state === "connecting") {
    text = `Chain ${chain.state === "unreachable" ? "unreachable" : "reconnecting"}: showing data as of block ${formatBlock(ingest.lastIngestedBlock)}${age ? ` (ingested ${age})` : ""}. Retrying.`;
    tone = "bg-amber-50 text-amber-900 dark:bg-amber-950/40 dark:text-amber-200";
  } else {
    text = `Live at block ${formatBlock(ingest.lastIngestedBlock)}${ingest.lagBlocks ? `, ${formatCount(ingest.lagBlocks)} blocks behind the finalized head` : ""}.`;
  }
  if (isError && now) {
    text += ` Could not refresh; last update ${timeAgo(new Date(dataUpdatedAt), now)}.`;
  }
  return (
    <div role="status" aria-label="Explorer status" className={tone}>
      <p className={base}>
        <span>{text}</span>
        <a href="/status" className="underline underline-offset-2">
          Status
        </a>
      </p>
    </div>
  );
}
