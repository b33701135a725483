import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { prefetch } from "@/app/_server/api";
import { EmissionsView } from "@/components/emissions/emissions-view";
import { HistoryNotice } from "@/components/status/history-panel";
import { PageHeader } from "@/components/ui/page-header";
import { apiRead } from "@/lib/client/reads";
import { read } from "@/server/read";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Emissions" };

const RANGES = { "30d": 30, "90d": 90, all: null } as const;
type Range = keyof typeof RANGES;

/** A UTC date `days` before today: a date, not an instant, so the cache key holds for the whole day. */
function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

export default async function EmissionsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const requested = (await searchParams).range;
  const range: Range = requested === "30d" || requested === "90d" ? requested : "all";
  const days = RANGES[range];
  // "all" asks from the epoch: the API's own default is the last 30 days.
  const from = days === null ? "2000-01-01" : daysAgo(days);
  const emissions = apiRead("/api/v1/emissions", {}, { from });
  const [state, status] = await Promise.all([
    prefetch(emissions, apiRead("/api/v1/kings")),
    read(apiRead("/api/v1/status")),
  ]);
  return (
    <>
      <PageHeader title="Emissions">
        The miners&apos; half of the subnet emission goes to the king&apos;s UID: alpha and its TAO value per
        day, per reign and cumulative.
      </PageHeader>
      <nav aria-label="Range" className="mb-4 flex gap-3 text-sm">
        {(Object.keys(RANGES) as Range[]).map((r) => (
          <a
            key={r}
            href={r === "all" ? "/emissions" : `/emissions?range=${r}`}
            aria-current={r === range ? "page" : undefined}
            className={r === range ? "font-semibold underline" : "underline-offset-2 hover:underline"}
          >
            {r === "all" ? "All time" : `Last ${RANGES[r]} days`}
          </a>
        ))}
        <a href={`${emissions.path}&format=csv`} className="ml-auto underline underline-offset-2">
          Export CSV
        </a>
      </nav>
      <HistoryNotice status={status} />
      <HydrationBoundary state={state}>
        <EmissionsView emissions={emissions} />
      </HydrationBoundary>
    </>
  );
}
