import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { prefetch } from "@/app/_server/api";
import { OfficialEvaluations } from "@/components/official/official-evaluations";
import { SubmissionView } from "@/components/submission/submission-view";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Submission #${(await params).id}` };
}

export default async function SubmissionPage({ params }: Props) {
  const { id } = await params;
  if (!/^[1-9][0-9]{0,15}$/.test(id)) notFound();
  const state = await prefetch(`/api/v1/submissions/${id}`);
  return (
    <HydrationBoundary state={state}>
      <SubmissionView id={Number(id)} />
      <div className="mt-8">
        <OfficialEvaluations submissionId={Number(id)} />
      </div>
    </HydrationBoundary>
  );
}
