import { atomResponse, feedContext } from "@/app/_server/feed";
import { submissionFeed } from "@/lib/feeds/explorer-feeds";
import { apiRead } from "@/lib/client/reads";
import { read } from "@/server/read";

export const dynamic = "force-dynamic";

// GET /submissions/{id}/feed.atom – every run posted for a submission, as Atom
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return atomResponse(async () =>
    submissionFeed(feedContext(), await read(apiRead("/api/v1/submissions/[id]", { id }))),
  );
}
