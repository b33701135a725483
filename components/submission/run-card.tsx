import dynamic from "next/dynamic";
import { Badge } from "@/components/ui/badge";
import { Hotkey } from "@/components/ui/hotkey";
import { formatImprovement, formatRate, formatScore, formatTps, formatTtftMs, formatUtc } from "@/lib/format";
import type { RunView } from "@/lib/schemas/submission-detail";
import { DivergenceDetail } from "./divergence";
import { RunStandingBadges } from "./run-standing";
import { VerificationDetail, VerifiedTokenCounts, verificationLabel } from "./verification";

const PromptCharts = dynamic(() => import("./prompt-charts").then((m) => m.PromptCharts), {
  loading: () => <div className="h-56" aria-hidden />,
});

/** One validator's run: its figures against the baseline, per-prompt charts and, if any, why it failed. */
export function RunCard({ run }: { run: RunView }) {
  const s = run.summary;
  const verification = verificationLabel(run);
  return (
    <article
      aria-label={`Run by ${run.validatorHotkey}`}
      className="space-y-4 rounded-lg border border-slate-200 p-4 dark:border-slate-800"
    >
      <header className="flex flex-wrap items-center gap-2 text-sm">
        <span className="text-slate-500 dark:text-slate-400">Validator</span>
        <Hotkey hotkey={run.validatorHotkey} link={false} />
        <Badge tone={run.outcome === "scored" ? "good" : "bad"}>{run.outcome}</Badge>
        <RunStandingBadges run={run} />
        {run.agrees === false ? <Badge tone="warn">disagrees with consensus</Badge> : null}
        <span className="ml-auto text-xs text-slate-500 dark:text-slate-400">
          runner {run.runnerVersion} · seed block {run.seedBlock} · finished{" "}
          {formatUtc(new Date(run.finishedAt))}
        </span>
      </header>
      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-6">
        <Item label="Score" value={formatScore(s.score)} />
        <Item
          label="Median TTFT"
          value={formatTtftMs(s.medianTtftMs)}
          hint={`baseline ${formatTtftMs(run.baseline.medianTtftMs)} · ${formatImprovement(s.ttftImprovement)}`}
        />
        <Item
          label="Median throughput"
          value={formatTps(s.medianThroughputTps)}
          hint={`baseline ${formatTps(run.baseline.medianThroughputTps)} · ${formatImprovement(s.throughputImprovement)}`}
        />
        <Item label="Token match" value={formatRate(s.tokenMatchRate)} />
        <Item label="Correctness" value={s.correctnessPassed ? "passed" : "failed"} />
        <Item label="Verification" value={verification.value} hint={verification.hint} />
      </dl>
      {run.failure ? (
        <p className="text-sm">
          <strong>{run.failure.reason?.title ?? run.failure.code}</strong> at stage {run.failure.stage}:{" "}
          {run.failure.message}
        </p>
      ) : null}
      {run.firstDivergence && !s.correctnessPassed ? (
        <section aria-label="Correctness detail">
          <h3 className="mb-2 text-sm font-semibold">Why correctness failed: the first divergence</h3>
          <DivergenceDetail d={run.firstDivergence} promptIndex={run.firstDivergence.promptIndex} />
        </section>
      ) : null}
      {run.firstUnverified ? (
        <section aria-label="Verification detail">
          <h3 className="mb-2 text-sm font-semibold">Why the timed output failed verification</h3>
          <VerificationDetail v={run.firstUnverified} promptIndex={run.firstUnverified.promptIndex} />
        </section>
      ) : null}
      <VerifiedTokenCounts run={run} />
      {run.prompts.length > 0 ? (
        <PromptCharts
          prompts={run.prompts}
          baselineTtftMs={run.baseline.medianTtftMs}
          baselineTps={run.baseline.medianThroughputTps}
        />
      ) : null}
    </article>
  );
}

function Item({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div>
      <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="font-mono tabular-nums">{value}</dd>
      {hint ? <dd className="text-xs text-slate-500 dark:text-slate-400">{hint}</dd> : null}
    </div>
  );
}
