"use client";

import { SUBNET_TOKEN } from "@/lib/protocol/token-symbol";
import { Loading } from "@/components/ui/loading";
import dynamic from "next/dynamic";
import { Badge } from "@/components/ui/badge";
import { Hotkey } from "@/components/ui/hotkey";
import { Notice } from "@/components/ui/notice";
import { formatBlock, formatDuration, formatRaoUnits, formatScore, formatUtc } from "@/lib/format";
import { apiRead } from "@/lib/client/reads";
import { useApi } from "@/lib/client/use-api";

const ScoreChart = dynamic(() => import("./score-chart").then((m) => m.ScoreChart), {
  ssr: false,
  loading: () => <div className="h-56" aria-hidden />,
});

export function KingsView() {
  const { data } = useApi(apiRead("/api/v1/kings"));
  if (!data) return <Loading what="the reigns" />;
  if (data.reigns.length === 0) {
    return (
      <Notice title="No king has been crowned yet.">Reigns appear here from the first coronation.</Notice>
    );
  }
  const points = [...data.reigns].reverse().map((r) => ({ block: r.fromBlock, score: r.score * 100 }));
  return (
    <div className="space-y-6">
      <ScoreChart points={points} label="Winning score" unit="%" />
      <p className="text-sm text-slate-600 dark:text-slate-300">
        {data.reigns.length} reign{data.reigns.length === 1 ? "" : "s"};{" "}
        {formatRaoUnits(data.total.alphaRao, 1)} {SUBNET_TOKEN} ({formatRaoUnits(data.total.taoRao, 2)} τ)
        paid to kings over {data.total.epochs} epochs.
      </p>
      <ol
        aria-label="Reigns, newest first"
        className="relative space-y-4 border-l-2 border-amber-300 pl-5 dark:border-amber-700"
      >
        {data.reigns.map((r) => (
          <li key={`${r.submissionId}-${r.fromBlock}`} className="relative">
            <span aria-hidden className="absolute -left-[27px] top-1.5 h-3 w-3 rounded-full bg-amber-400" />
            <div className="flex flex-wrap items-center gap-2">
              <a
                href={`/submissions/${r.submissionId}`}
                className="font-semibold underline underline-offset-2"
              >
                UID {r.uid} · {formatScore(r.score)}
              </a>
              {r.toBlock === null ? (
                <Badge tone="good">reigning</Badge>
              ) : (
                <Badge tone="neutral">{r.endReason ?? "ended"}</Badge>
              )}
              <Hotkey hotkey={r.hotkey} />
            </div>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">
              {formatBlock(r.fromBlock)} ({formatUtc(new Date(r.fromTime))}) →{" "}
              {r.toBlock === null
                ? "now"
                : `${formatBlock(r.toBlock)} (${formatDuration((r.toBlock - r.fromBlock) * 12)})`}
              .{" "}
              {r.thresholdBeaten > 0
                ? `Beat ${formatScore(r.thresholdBeaten)} (the previous king's ${formatScore(r.previousScore)} plus the margin).`
                : "Crowned on an empty throne."}{" "}
              Earned {formatRaoUnits(r.alphaRao, 1)} {SUBNET_TOKEN} ({formatRaoUnits(r.taoRao, 2)} τ).
              {r.endedBySubmissionId !== null ? (
                <>
                  {" "}
                  Dethroned by{" "}
                  <a href={`/submissions/${r.endedBySubmissionId}`} className="underline underline-offset-2">
                    submission #{r.endedBySubmissionId}
                  </a>
                  .
                </>
              ) : null}
            </p>
          </li>
        ))}
      </ol>
    </div>
  );
}
