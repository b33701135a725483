import { serverApi } from "@/app/_server/api";
import { atomResponse, feedContext } from "@/app/_server/feed";
import { minerFeed } from "@/lib/feeds/explorer-feeds";
import type { MinerResponse } from "@/lib/schemas/miners";

export const dynamic = "force-dynamic";

// GET /miners/{hotkey}/feed.atom – a hotkey's submissions and their verdicts, as Atom
export async function GET(_request: Request, { params }: { params: Promise<{ hotkey: string }> }) {
  const { hotkey } = await params;
  return atomResponse(async () =>
    minerFeed(feedContext(), await serverApi<MinerResponse>(`/api/v1/miners/${encodeURIComponent(hotkey)}`)),
  );
}
