import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { prefetch } from "@/app/_server/api";
import { evaluationsRead } from "@/components/evaluations/reads";
import { LatestChallengers } from "@/components/king/latest-challengers";
import { CURRENT_REIGN_READ, EVALUATING_READ, LATEST_READ } from "@/components/king/reads";
import { KingPanel } from "@/components/king/king-panel";
import { OfficialKingPanel } from "@/app/_server/official/official-king-panel";
import { PageHeader } from "@/components/ui/page-header";
import { feedAlternates, KINGS_FEED_PATH } from "@/lib/feeds/paths";
import { apiRead } from "@/lib/client/reads";
import { read } from "@/server/read";

export const dynamic = "force-dynamic";
export const metadata: Metadata = {
  alternates: feedAlternates(KINGS_FEED_PATH, "Coronations and clearings"),
};

export default async function HomePage() {
  const kingRead = apiRead("/api/v1/king");
  const king = await read(kingRead);
  const detail = king.king
    ? [apiRead("/api/v1/submissions/[id]", { id: String(king.king.submissionId) })]
    : [];
  const state = await prefetch(
    { request: kingRead, answer: king },
    CURRENT_REIGN_READ,
    LATEST_READ,
    EVALUATING_READ,
    evaluationsRead(),
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
