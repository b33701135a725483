import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { prefetch } from "@/app/_server/api";
import { Leaderboard } from "@/components/leaderboard/leaderboard";
import { LeaderboardFilter } from "@/components/leaderboard/leaderboard-filter";
import { boardRead, parseBoardQuery } from "@/components/leaderboard/leaderboard-query";
import { OfficialComparison, parseAgreementFilter } from "@/app/_server/official/official-comparison";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { ApiError } from "@/lib/schemas/errors";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Leaderboard" };

export default async function LeaderboardPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const query = parseBoardQuery(params);
  // A stale or foreign cursor is a 400 from the API: say so rather than failing the whole page.
  const state = await prefetch(boardRead(query)).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 400) return null;
    throw error;
  });
  return (
    <>
      <PageHeader title="Leaderboard">
        Every submission, its consensus score and how it was judged. Sort, filter and page: the URL keeps the
        view, so it can be shared.
      </PageHeader>
      <div className="space-y-4">
        <LeaderboardFilter query={query} />
        {state ? (
          <HydrationBoundary state={state}>
            <Leaderboard query={query} />
          </HydrationBoundary>
        ) : (
          <Notice tone="bad" title="This view cannot be shown.">
            The cursor in the URL does not belong to this sort;{" "}
            <a href="/leaderboard" className="underline">
              start again
            </a>
            .
          </Notice>
        )}
        <OfficialComparison filter={parseAgreementFilter(params.official)} />
      </div>
    </>
  );
}
