"use client";

import { SUBNET_TOKEN } from "@/lib/protocol/token-symbol";
import { Badge } from "@/components/ui/badge";
import { Stat } from "@/components/ui/card";
import { Hotkey } from "@/components/ui/hotkey";
import { Notice } from "@/components/ui/notice";
import { CopyButton } from "@/components/ui/copy-button";
import {
  formatBlock,
  formatImprovement,
  formatRate,
  formatRaoUnits,
  formatScore,
  formatTps,
  formatTtftMs,
  formatUtc,
} from "@/lib/format";
import { PRICE_SOURCE_LABELS } from "@/lib/chain/pool-price";
import { apiRead } from "@/lib/client/reads";
import { useApi } from "@/lib/client/use-api";
import { MarginCountdown } from "./margin-countdown";
import { CURRENT_REIGN_READ } from "./reads";

export function KingPanel() {
  const { data, dataUpdatedAt } = useApi(apiRead("/api/v1/king"));
  const { data: kings } = useApi(CURRENT_REIGN_READ);
  if (!data) return null;
  const { king, margin, emission, chain, params } = data;
  if (!king) {
    return (
      <Notice title="No king yet" tone="info">
        {data.reason ?? "No submission has been crowned."} The first correct submission with a score above 0
        is crowned; until then validators set no weights.
      </Notice>
    );
  }
  const reign = kings?.reigns.find((r) => r.toBlock === null && r.submissionId === king.submissionId);
  return (
    <div className="space-y-4">
      <section
        aria-labelledby="king-heading"
        className="rounded-lg border border-amber-300 bg-amber-50/50 p-4 dark:border-amber-700/60 dark:bg-amber-950/20"
      >
        <div className="flex flex-wrap items-center gap-2">
          <h2 id="king-heading" className="text-lg font-semibold">
            The king: UID {king.uid}
          </h2>
          <Badge tone="good">reigning</Badge>
          <a
            href={`/submissions/${king.submissionId}`}
            className="ml-auto text-sm underline underline-offset-2"
          >
            Submission #{king.submissionId}
          </a>
        </div>
        <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
          <Hotkey hotkey={king.hotkey} />
          <span className="font-mono break-all">{king.image}</span>
        </div>
        <p className="mt-1 flex items-center gap-1 font-mono text-xs text-slate-500 dark:text-slate-400">
          <span className="truncate" title={king.digest}>
            {king.digest}
          </span>
          <CopyButton value={king.pullRef} label="pull reference" />
        </p>
        <dl className="mt-4 grid grid-cols-2 gap-4 sm:grid-cols-4">
          <Stat label="Score" value={formatScore(king.score)} />
          <Stat label="TTFT vs baseline" value={formatImprovement(king.ttftImprovement)} />
          <Stat label="Throughput vs baseline" value={formatImprovement(king.throughputImprovement)} />
          <Stat label="Token match" value={formatRate(king.tokenMatchRate)} />
        </dl>
        <KingMeasurements submissionId={king.submissionId} />
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-300">
          Reigning since block {formatBlock(king.crownedBlock)} ({formatUtc(new Date(king.crownedAt))}),
          having beaten{" "}
          {king.thresholdBeaten > 0
            ? `a threshold of ${formatScore(king.thresholdBeaten)}`
            : "an empty throne"}
          .
        </p>
      </section>
      {margin ? (
        <MarginCountdown king={king} margin={margin} params={params} fetchedAt={dataUpdatedAt} />
      ) : null}
      <div className="grid gap-4 md:grid-cols-2">
        <section
          aria-labelledby="emission-heading"
          className="rounded-lg border border-slate-200 p-4 dark:border-slate-800"
        >
          <h2
            id="emission-heading"
            className="text-sm font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400"
          >
            Emission to the king
          </h2>
          {emission ? (
            <dl className="mt-3 grid grid-cols-2 gap-4">
              <Stat
                label="Alpha per day"
                value={`${formatRaoUnits(emission.alphaPerDayRao, 1)} ${SUBNET_TOKEN}`}
              />
              <Stat
                label="TAO per day"
                value={emission.taoPerDayRao ? `${formatRaoUnits(emission.taoPerDayRao, 2)} τ` : "no price"}
              />
              {reign ? (
                <Stat
                  label="This reign so far"
                  // No-break spaces keep each amount with its unit: on a phone the line breaks at the "·".
                  value={`${formatRaoUnits(reign.alphaRao, 1)}\u00a0${SUBNET_TOKEN} · ${formatRaoUnits(reign.taoRao, 2)}\u00a0τ`}
                />
              ) : null}
            </dl>
          ) : null}
          {emission ? (
            <p className="mt-3 text-xs text-slate-500 dark:text-slate-400">
              From the snapshot at {formatBlock(emission.snapshotBlock)}:{" "}
              {formatRaoUnits(emission.perEpochRao, 2)} {SUBNET_TOKEN} per {emission.tempo}-block epoch
              {emission.alphaPriceTao !== null ? `, at ${emission.alphaPriceTao} τ per ${SUBNET_TOKEN}` : ""}
              {emission.priceSource ? ` (${PRICE_SOURCE_LABELS[emission.priceSource]})` : ""}. Per day:{" "}
              {emission.epochsObserved} epochs the chain ran in the last {emission.observedBlocks} blocks,
              each at its own price. Every reign:{" "}
              <a href="/kings" className="underline underline-offset-2">
                Kings
              </a>
              .
            </p>
          ) : (
            <p className="mt-3 text-sm">No metagraph snapshot yet, so no emission figure.</p>
          )}
        </section>
        <section
          aria-labelledby="crosscheck-heading"
          className="rounded-lg border border-slate-200 p-4 dark:border-slate-800"
        >
          <h2
            id="crosscheck-heading"
            className="text-sm font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400"
          >
            On-chain cross-check
          </h2>
          {chain ? (
            <p className="mt-3 text-sm">
              {chain.topIncentiveUid === null
                ? "No UID has incentive in the latest snapshot."
                : `UID ${chain.topIncentiveUid} has the highest incentive at ${formatBlock(chain.snapshotBlock)}.`}{" "}
              {chain.matchesKing === true ? (
                <Badge tone="good">matches the king</Badge>
              ) : chain.matchesKing === false ? (
                <Badge tone="bad">not the king</Badge>
              ) : null}
            </p>
          ) : (
            <p className="mt-3 text-sm">No metagraph snapshot yet.</p>
          )}
        </section>
      </div>
    </div>
  );
}

function KingMeasurements({ submissionId }: { submissionId: number }) {
  const { data } = useApi(apiRead("/api/v1/submissions/[id]", { id: String(submissionId) }));
  const run = data?.runs.find((r) => r.inVerdict && r.outcome === "scored");
  if (!data || !run) return null;
  return (
    <p className="mt-3 text-sm text-slate-600 dark:text-slate-300">
      Median TTFT {formatTtftMs(run.summary.medianTtftMs)} against the baseline&apos;s{" "}
      {formatTtftMs(run.baseline.medianTtftMs)}; throughput {formatTps(run.summary.medianThroughputTps)}{" "}
      against {formatTps(run.baseline.medianThroughputTps)}.
    </p>
  );
}
