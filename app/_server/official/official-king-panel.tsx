import { apiRead } from "@/lib/client/reads";
import { read } from "@/server/read";
import { formatBlock, formatScore, truncateHotkey } from "@/lib/format";
import { Badge } from "@/components/ui/badge";
import { Card, Stat } from "@/components/ui/card";
import { AnomalyList } from "@/components/official/anomaly-list";
import { ImporterState } from "@/components/official/importer-state";
import { loadOfficialView } from "./load";
import { EvalProgress } from "@/components/official/eval-progress";
import { IndependentProvenance, Provenance } from "@/components/official/provenance";

/**
 * Home: the two tracks' kings side by side and the chain's incentive against both, then the official live
 * evaluation. Rendered on the server; the page refreshes it.
 */
export async function OfficialKingPanel() {
  const view = await loadOfficialView();
  const ours = await read(apiRead("/api/v1/king"));
  const official = view.king?.king ?? null;
  const crowning = official
    ? (view.history.find((h) => h.parsed?.hotkey === official.hotkey)?.parsed ?? null)
    : null;
  const topUid = ours.chain?.topIncentiveUid ?? null;
  const check = (uid: number | null | undefined) =>
    topUid === null || uid === null || uid === undefined ? (
      <Badge tone="neutral">no on-chain data</Badge>
    ) : uid === topUid ? (
      <Badge tone="good">matches the chain (UID {topUid} holds the top incentive)</Badge>
    ) : (
      <Badge tone="bad">chain pays UID {topUid}</Badge>
    );
  return (
    <Card
      title="Both tracks: who is king"
      aside={
        <a href="/official" className="text-xs underline">
          official validator
        </a>
      }
    >
      <div className="grid gap-4 md:grid-cols-2">
        <section className="space-y-2" aria-label="Official king">
          <h3 className="text-sm font-semibold">Official king</h3>
          {official ? (
            <dl className="grid grid-cols-2 gap-3">
              <Stat label="UID" value={official.uid} hint={truncateHotkey(official.hotkey)} />
              <Stat label="Score (validator's)" value={formatScore(official.score)} />
              <Stat label="Crowned at block" value={formatBlock(official.crownedBlock ?? crowning?.block)} />
              <Stat label="Threshold beaten" value={crowning ? formatScore(crowning.threshold) : "–"} />
            </dl>
          ) : view.king && !view.king.understood ? (
            <p className="text-sm">
              The validator&apos;s answer was not understood; it is shown raw on the official page.
            </p>
          ) : (
            <p className="text-sm text-slate-600 dark:text-slate-300">The validator publishes no king.</p>
          )}
          {official ? check(official.uid) : null}
          <Provenance fetchedAt={view.king?.fetchedAt ?? null} />
        </section>
        <section className="space-y-2" aria-label="Independent king">
          <h3 className="text-sm font-semibold">Independent king</h3>
          {ours.king ? (
            <dl className="grid grid-cols-2 gap-3">
              <Stat label="UID" value={ours.king.uid} hint={truncateHotkey(ours.king.hotkey)} />
              <Stat label="Consensus score" value={formatScore(ours.king.score)} />
              <Stat label="Crowned at block" value={formatBlock(ours.king.crownedBlock)} />
              <Stat label="Threshold beaten" value={formatScore(ours.king.thresholdBeaten)} />
            </dl>
          ) : (
            <p className="text-sm text-slate-600 dark:text-slate-300">{ours.reason ?? "No king yet."}</p>
          )}
          {ours.king ? check(ours.king.uid) : null}
          {official && ours.king ? (
            official.hotkey === ours.king.hotkey ? (
              <Badge tone="good">the tracks agree</Badge>
            ) : (
              <Badge tone="warn">the tracks disagree</Badge>
            )
          ) : null}
          <IndependentProvenance />
        </section>
      </div>
      <div className="mt-4 space-y-3">
        <ImporterState importer={view.importer} />
        <AnomalyList anomalies={view.anomalies.filter((a) => a.kind === "king_not_top_incentive")} />
        <EvalProgress progress={view.progress} />
      </div>
    </Card>
  );
}
