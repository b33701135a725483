import { OG_SIZE, ogCard } from "@/components/og/card";
import { formatBlock, formatEpsilon, formatImprovement, formatScore, truncateHotkey } from "@/lib/format";
import { apiRead } from "@/lib/client/reads";
import { read } from "@/server/read";

export const dynamic = "force-dynamic";
export const alt = "The king of Cacheon (Subnet 14): its score and the margin a challenger must beat";
export const size = OG_SIZE;
export const contentType = "image/png";

// The site's card is the king's: the one thing everyone links the explorer for.
export default async function KingCard() {
  const { king, margin } = await read(apiRead("/api/v1/king"));
  if (!king) {
    return ogCard({
      kicker: "The throne is empty",
      title: "No king yet",
      line: "The first correct server that beats vLLM is crowned.",
      figures: [],
    });
  }
  return ogCard({
    kicker: `The king · UID ${king.uid} · ${truncateHotkey(king.hotkey)}`,
    title: king.image,
    line: `Submission #${king.submissionId}, crowned at block ${formatBlock(king.crownedBlock)}`,
    figures: [
      { label: "Score", value: formatScore(king.score) },
      { label: "TTFT", value: formatImprovement(king.ttftImprovement) },
      { label: "Throughput", value: formatImprovement(king.throughputImprovement) },
      ...(margin ? [{ label: "Margin now", value: formatEpsilon(margin.epsilon) }] : []),
    ],
  });
}
