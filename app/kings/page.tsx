import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { prefetch } from "@/app/_server/api";
import { apiRead } from "@/lib/client/reads";
import { KingsView } from "@/components/kings/kings-view";
import { OfficialHistory } from "@/app/_server/official/official-history";
import { FeedLink } from "@/components/ui/feed-link";
import { PageHeader } from "@/components/ui/page-header";
import { feedAlternates, KINGS_FEED_PATH } from "@/lib/feeds/paths";

export const dynamic = "force-dynamic";
export const metadata: Metadata = {
  title: "Kings",
  alternates: feedAlternates(KINGS_FEED_PATH, "Coronations and clearings"),
};

export default async function KingsPage() {
  const state = await prefetch(apiRead("/api/v1/kings"));
  return (
    <>
      <PageHeader title="Kings">Every reign, newest first, and the winning score over time.</PageHeader>
      <HydrationBoundary state={state}>
        <KingsView />
      </HydrationBoundary>
      <FeedLink href={KINGS_FEED_PATH}>Follow the throne</FeedLink>
      <div className="mt-8">
        <OfficialHistory />
      </div>
    </>
  );
}
