"use client";

import { LiveEvaluations } from "@/components/evaluations/live-evaluations";
import { Hotkey } from "@/components/ui/hotkey";
import { RegistryLink } from "@/components/ui/external-links";
import { CopyButton } from "@/components/ui/copy-button";
import { Notice } from "@/components/ui/notice";
import { StatusBadge } from "@/components/submissions/status-badge";
import { formatBlock } from "@/lib/format";
import { apiRead } from "@/lib/client/reads";
import { useApi } from "@/lib/client/use-api";
import { FinalityPanel } from "./finality-panel";
import { RunCard } from "./run-card";
import { verdictSentence } from "./verdict";

export function SubmissionView({ id }: { id: number }) {
  const { data } = useApi(apiRead("/api/v1/submissions/[id]", { id: String(id) }));
  if (!data) return null;
  const { submission: s, commitment, verdict, runs, logTail } = data;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="flex flex-wrap items-center gap-2 text-2xl font-semibold tracking-tight">
          Submission #{s.id} <span className="text-slate-500">· UID {s.uid}</span> <StatusBadge s={s} />
        </h1>
        <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
          <Hotkey hotkey={s.hotkey} />
          <span className="break-all font-mono">{s.image}</span>
          <RegistryLink image={s.image} />
          <span>committed at {formatBlock(s.commitBlock)}</span>
        </div>
        <p className="mt-1 flex items-center gap-1 font-mono text-xs text-slate-500 dark:text-slate-400">
          <span className="break-all">{s.pullRef}</span>
          <CopyButton value={s.pullRef} label="pull reference" />
        </p>
      </div>
      <LiveEvaluations submissionId={s.id} />
      <section
        aria-labelledby="verdict-heading"
        className="rounded-lg border border-slate-200 bg-slate-50 p-4 dark:border-slate-800 dark:bg-slate-900"
      >
        <h2
          id="verdict-heading"
          className="text-sm font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400"
        >
          Verdict
        </h2>
        <p className="mt-1 text-base" data-testid="verdict">
          {verdictSentence(data)}
        </p>
        <FinalityPanel finality={verdict.finality} duplicateOfId={s.duplicateOfId} />
      </section>
      {verdict.failure ? (
        <section
          aria-labelledby="failure-heading"
          className="space-y-2 rounded-lg border border-red-200 p-4 dark:border-red-900"
        >
          <h2 id="failure-heading" className="text-lg font-semibold">
            {verdict.failure.title}
          </h2>
          <p className="text-sm">{verdict.failure.explanation}</p>
          <p className="text-sm">
            <strong>What to check:</strong> {verdict.failure.whatToCheck}
          </p>
          {logTail ? (
            <details open>
              <summary className="cursor-pointer text-sm font-medium">Log tail</summary>
              <pre
                className="mt-2 max-h-80 overflow-auto rounded bg-slate-950 p-3 text-xs text-slate-100"
                tabIndex={0}
                aria-label="Log tail"
              >
                {logTail}
              </pre>
            </details>
          ) : null}
        </section>
      ) : null}
      <section aria-labelledby="runs-heading" className="space-y-3">
        <h2 id="runs-heading" className="text-lg font-semibold">
          Runs by validator ({runs.length})
        </h2>
        {runs.length === 0 ? <Notice title="No validator has posted a run for this submission yet." /> : null}
        {runs.map((run) => (
          <RunCard key={run.runId} run={run} />
        ))}
      </section>
      <section aria-labelledby="commitment-heading" className="space-y-2">
        <h2 id="commitment-heading" className="text-lg font-semibold">
          Commitment
        </h2>
        {commitment ? (
          <div className="grid gap-4 md:grid-cols-2">
            {/* min-w-0: a grid item is as wide as its content by default; the raw block scrolls in its own box. */}
            <div className="min-w-0">
              <h3 className="text-xs font-medium text-slate-500 dark:text-slate-400">
                Raw ({commitment.source}, block {formatBlock(commitment.commitBlock)})
              </h3>
              <pre
                className="mt-1 overflow-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-900"
                tabIndex={0}
              >
                {commitment.rawText ?? commitment.rawHex}
              </pre>
            </div>
            <div className="min-w-0">
              <h3 className="text-xs font-medium text-slate-500 dark:text-slate-400">Parsed</h3>
              {commitment.parsed ? (
                <dl className="mt-1 space-y-1 text-xs">
                  {(["image", "digest", "pullRef", "form"] as const).map((k) => (
                    <div key={k} className="flex gap-2">
                      <dt className="w-16 shrink-0 text-slate-500">{k}</dt>
                      <dd className="break-all font-mono">{commitment.parsed?.[k]}</dd>
                    </div>
                  ))}
                </dl>
              ) : (
                <p className="text-sm">{commitment.reason?.title ?? "Not parseable"}</p>
              )}
            </div>
          </div>
        ) : (
          <p className="text-sm">The commitment is not stored.</p>
        )}
      </section>
    </div>
  );
}
