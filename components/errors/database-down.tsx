import { Notice } from "@/components/ui/notice";
import { formatBlock, formatUtc, timeAgo } from "@/lib/format";
import type { Status } from "@/lib/schemas/status";

/** The last status this process read, and when: what the database-down page can still say. */
export interface LastStatus {
  readonly status: Status;
  readonly readAt: Date;
}

const ROW = "mx-auto flex w-full max-w-6xl flex-wrap items-center gap-x-2 px-4 py-1.5 text-xs sm:px-6";

function lastData(last: LastStatus | null, now: Date): string {
  if (!last) return "This instance has read nothing from it since it started.";
  const { ingest } = last.status;
  const ingested = ingest.updatedAt ? `, ingested ${timeAgo(new Date(ingest.updatedAt), now)}` : "";
  const block =
    ingest.lastIngestedBlock === null
      ? "before any block was ingested"
      : `at block ${formatBlock(ingest.lastIngestedBlock)}${ingested}`;
  return `Last data ${block}; last read ${timeAgo(last.readAt, now)} (${formatUtc(last.readAt)}).`;
}

/** The status row when the database does not answer: what the explorer last knew and how old it is. */
export function DatabaseDownRow({ last, now }: { last: LastStatus | null; now: Date }) {
  return (
    <div
      role="status"
      aria-label="Explorer status"
      className="bg-red-50 text-red-900 dark:bg-red-950/50 dark:text-red-200"
    >
      <p className={ROW}>
        <span>
          The explorer&apos;s database is not answering. {lastData(last, now)} Retrying at each request.
        </span>
        <a href="/api/ready" className="underline underline-offset-2">
          Readiness
        </a>
      </p>
    </div>
  );
}

/** The page in place of any page while the database is down (the root layout decides). */
export function DatabaseDown({ last, now }: { last: LastStatus | null; now: Date }) {
  const network = last ? `Subnet ${last.status.netuid} on ${last.status.network}` : "the subnet";
  return (
    <section aria-labelledby="database-down" className="max-w-2xl space-y-4">
      <h1 id="database-down" className="text-2xl font-semibold tracking-tight">
        The database is down
      </h1>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        The explorer keeps what it shows about {network} in its database, and the database is not answering,
        so no page can be shown right now. Nothing is lost: the chain and the validators&apos; runs are read
        again once it is back. Reload in a moment.
      </p>
      <Notice tone="warn" title="What the explorer last knew">
        {lastData(last, now)}
        {last?.status.chain.finalizedBlock != null
          ? ` The chain's finalized head was then block ${formatBlock(last.status.chain.finalizedBlock)}.`
          : ""}
      </Notice>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        Operators: <code className="font-mono text-xs">GET /api/ready</code> answers 503 with the reason while
        this lasts.
      </p>
    </section>
  );
}
