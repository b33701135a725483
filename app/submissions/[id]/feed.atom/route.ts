import { serverApi } from "@/app/_server/api";
import { atomResponse, feedContext } from "@/app/_server/feed";
import { submissionFeed } from "@/lib/feeds/explorer-feeds";
import type { SubmissionDetail } from "@/lib/schemas/submission-detail";

export const dynamic = "force-dynamic";

// GET /submissions/{id}/feed.atom – every run posted for a submission, as Atom
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return atomResponse(async () =>
    submissionFeed(
      feedContext(),
      await serverApi<SubmissionDetail>(`/api/v1/submissions/${encodeURIComponent(id)}`),
    ),
  );
}
