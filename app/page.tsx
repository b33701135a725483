import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { prefetch, serverApi } from "@/app/_server/api";
import { evaluationsPath } from "@/components/evaluations/paths";
import { LatestChallengers } from "@/components/king/latest-challengers";
import { CURRENT_REIGN_PATH, EVALUATING_PATH, LATEST_PATH } from "@/components/king/paths";
import { KingPanel } from "@/components/king/king-panel";
import { OfficialKingPanel } from "@/app/_server/official/official-king-panel";
import { PageHeader } from "@/components/ui/page-header";
import { feedAlternates, KINGS_FEED_PATH } from "@/lib/feeds/paths";
import type { KingResponse } from "@/lib/schemas/king";

export const dynamic = "force-dynamic";
export const metadata: Metadata = {
  alternates: feedAlternates(KINGS_FEED_PATH, "Coronations and clearings"),
};

export default async function HomePage() {
  const king = await serverApi<KingResponse>("/api/v1/king");
  const detail = king.king ? [`/api/v1/submissions/${king.king.submissionId}`] : [];
  const state = await prefetch(
    "/api/v1/king",
    CURRENT_REIGN_PATH,
    LATEST_PATH,
    EVALUATING_PATH,
    evaluationsPath(),
    ...detail,
  );
  return (
    <>
      <PageHeader title="Cacheon: who is the fastest LLM server?">
        Miners race to serve Qwen2.5-72B faster than vLLM with the same output. The king takes the
        miners&apos; emission until a challenger beats its score by the decaying margin ε.
      </PageHeader>
      <HydrationBoundary state={state}>
        <div className="space-y-8">
          <KingPanel />
          <OfficialKingPanel />
          <LatestChallengers />
        </div>
      </HydrationBoundary>
    </>
  );
}
