import { atomResponse, feedContext } from "@/app/_server/feed";
import { kingsFeed } from "@/lib/feeds/explorer-feeds";
import { apiRead } from "@/lib/client/reads";
import { read } from "@/server/read";

export const dynamic = "force-dynamic";

// GET /kings/feed.atom – coronations and clearings of the throne, as Atom
export function GET(): Promise<Response> {
  return atomResponse(async () =>
    kingsFeed(feedContext(), await read(apiRead("/api/v1/kings", {}, { limit: 100 }))),
  );
}
