import { serverApi } from "@/app/_server/api";
import { atomResponse, feedContext } from "@/app/_server/feed";
import { kingsFeed } from "@/lib/feeds/explorer-feeds";
import type { KingsResponse } from "@/lib/schemas/kings";

export const dynamic = "force-dynamic";

// GET /kings/feed.atom – coronations and clearings of the throne, as Atom
export function GET(): Promise<Response> {
  return atomResponse(async () =>
    kingsFeed(feedContext(), await serverApi<KingsResponse>("/api/v1/kings?limit=100")),
  );
}
