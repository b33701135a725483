import { atomResponse, feedContext } from "@/app/_server/feed";
import { minerFeed } from "@/lib/feeds/explorer-feeds";
import { apiRead } from "@/lib/client/reads";
import { read } from "@/server/read";

export const dynamic = "force-dynamic";

// GET /miners/{hotkey}/feed.atom – a hotkey's submissions and their verdicts, as Atom
export async function GET(_request: Request, { params }: { params: Promise<{ hotkey: string }> }) {
  const { hotkey } = await params;
  return atomResponse(async () =>
    minerFeed(feedContext(), await read(apiRead("/api/v1/miners/[hotkey]", { hotkey }))),
  );
}
