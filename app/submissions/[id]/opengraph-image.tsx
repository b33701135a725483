import { notFound } from "next/navigation";
import { apiRead } from "@/lib/client/reads";
import { ApiError } from "@/lib/schemas/errors";
import { read } from "@/server/read";
import { OG_SIZE, ogCard } from "@/components/og/card";
import { verdictSentence } from "@/components/submission/verdict";
import { formatImprovement, formatRate, formatScore, truncateHotkey } from "@/lib/format";
import type { SubmissionDetail } from "@/lib/schemas/submission-detail";

export const dynamic = "force-dynamic";
export const alt = "A Cacheon submission's verdict: its score and what the validators found";
export const size = OG_SIZE;
export const contentType = "image/png";

// A submission's card is its verdict, in the words the page itself uses.
export default async function SubmissionCard({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^[1-9][0-9]{0,15}$/.test(id)) notFound();
  let detail: SubmissionDetail;
  try {
    detail = await read(apiRead("/api/v1/submissions/[id]", { id }));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  }
  const s = detail.submission;
  const sentence = verdictSentence(detail);
  return ogCard({
    kicker: `Submission #${s.id} · UID ${s.uid} · ${truncateHotkey(s.hotkey)}`,
    title: s.image,
    line: sentence.length > 140 ? `${sentence.slice(0, 139)}…` : sentence,
    figures: [
      { label: "Score", value: formatScore(s.score) },
      { label: "TTFT", value: formatImprovement(s.ttftImprovement) },
      { label: "Throughput", value: formatImprovement(s.throughputImprovement) },
      { label: "Token match", value: formatRate(s.tokenMatchRate) },
    ],
  });
}
