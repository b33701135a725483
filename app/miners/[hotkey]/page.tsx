import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { prefetch } from "@/app/_server/api";
import { apiRead } from "@/lib/client/reads";
import { MinerView } from "@/components/miner/miner-view";
import { FeedLink } from "@/components/ui/feed-link";
import { feedAlternates, minerFeedPath } from "@/lib/feeds/paths";
import { truncateHotkey } from "@/lib/format";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ hotkey: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const hotkey = decodeURIComponent((await params).hotkey);
  return {
    title: `Miner ${truncateHotkey(hotkey)}`,
    alternates: feedAlternates(minerFeedPath(hotkey), "Submissions and verdicts"),
  };
}

export default async function MinerPage({ params }: Props) {
  const hotkey = decodeURIComponent((await params).hotkey);
  const state = await prefetch(apiRead("/api/v1/miners/[hotkey]", { hotkey }));
  return (
    <HydrationBoundary state={state}>
      <MinerView hotkey={hotkey} />
      <FeedLink href={minerFeedPath(hotkey)}>Follow this hotkey</FeedLink>
    </HydrationBoundary>
  );
}
