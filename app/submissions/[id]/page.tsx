import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { prefetch } from "@/app/_server/api";
import { OfficialEvaluations } from "@/app/_server/official/official-evaluations";
import { evaluationsRead } from "@/components/evaluations/reads";
import { apiRead } from "@/lib/client/reads";
import { SubmissionView } from "@/components/submission/submission-view";
import { FeedLink } from "@/components/ui/feed-link";
import { feedAlternates, submissionFeedPath } from "@/lib/feeds/paths";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return {
    title: `Submission #${id}`,
    alternates: feedAlternates(submissionFeedPath(id), "Runs of this submission"),
  };
}

export default async function SubmissionPage({ params }: Props) {
  const { id } = await params;
  if (!/^[1-9][0-9]{0,15}$/.test(id)) notFound();
  const state = await prefetch(apiRead("/api/v1/submissions/[id]", { id }), evaluationsRead(Number(id)));
  return (
    <HydrationBoundary state={state}>
      <SubmissionView id={Number(id)} />
      <FeedLink href={submissionFeedPath(id)}>Follow this submission&apos;s runs</FeedLink>
      <div className="mt-8">
        <OfficialEvaluations submissionId={Number(id)} />
      </div>
    </HydrationBoundary>
  );
}
