"use client";

import { ProgressBar } from "@/components/ui/progress-bar";
import { useApi } from "@/lib/client/use-api";
import { formatUtc, truncateHotkey } from "@/lib/format";
import type { RunPhase } from "@/lib/protocol/run-schema";
import type { Evaluation } from "@/lib/schemas/evaluations";
import { evaluationsRead } from "./reads";

const PHASE_LABELS: Record<RunPhase, string> = {
  pulling: "Pull",
  starting: "Start",
  health: "Health",
  warmup: "Warm-up",
  benchmark: "Timed pass",
  correctness: "Correctness",
  uploading: "Upload",
};

/**
 * The runs validators have in flight, each at its latest progress event, refetched on every progress and run
 * event (lib/client/live-events.ts): one row per run, gone when the run is posted. With `submissionId`, that
 * submission's runs only.
 */
export function LiveEvaluations({ submissionId }: { submissionId?: number }) {
  const { data } = useApi(evaluationsRead(submissionId));
  const evaluations = data?.evaluations ?? [];
  if (evaluations.length === 0)
    return submissionId !== undefined ? null : (
      <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="no-live-evaluations">
        No validator is reporting progress right now.
      </p>
    );
  const list = (
    <ul aria-label="Runs in flight" className="space-y-3">
      {evaluations.map((e) => (
        <EvaluationRow
          key={e.runId}
          e={e}
          phases={data?.phases ?? []}
          showSubmission={submissionId === undefined}
        />
      ))}
    </ul>
  );
  if (submissionId === undefined) return list;
  // On a submission's page the section appears only while a validator is on it.
  return (
    <section aria-labelledby="live-heading" className="space-y-2">
      <h2 id="live-heading" className="text-lg font-semibold">
        Evaluation in progress
      </h2>
      {list}
    </section>
  );
}

function EvaluationRow({
  e,
  phases,
  showSubmission,
}: {
  e: Evaluation;
  phases: readonly RunPhase[];
  showSubmission: boolean;
}) {
  const validator = `${e.validator.uid === null ? "" : `UID ${e.validator.uid} `}${truncateHotkey(e.validator.hotkey)}`;
  const current = phases.indexOf(e.phase);
  const prompt =
    e.promptIndex !== null && e.promptCount !== null ? `prompt ${e.promptIndex} of ${e.promptCount}` : null;
  return (
    <li
      aria-label={`Validator ${validator}`}
      className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900/60"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 text-sm">
        <p>
          <span className="text-slate-500 dark:text-slate-400">Validator </span>
          <span className="font-mono" title={e.validator.hotkey}>
            {validator}
          </span>
          {showSubmission ? (
            <>
              <span className="text-slate-500 dark:text-slate-400"> evaluating </span>
              {e.submissionId === null ? (
                "a submission it has not named"
              ) : (
                <a
                  href={`/submissions/${e.submissionId}`}
                  className="font-medium underline underline-offset-2"
                >
                  #{e.submissionId}
                  {e.submission ? ` · UID ${e.submission.uid}` : ""}
                </a>
              )}
            </>
          ) : null}
        </p>
        <p className="text-xs text-slate-500 dark:text-slate-400">
          since <time dateTime={e.startedAt}>{formatUtc(new Date(e.startedAt))}</time>
        </p>
      </div>
      {showSubmission && e.submission ? (
        <p className="mt-0.5 break-all font-mono text-xs text-slate-500 dark:text-slate-400">
          {e.submission.image}
        </p>
      ) : null}
      <ol aria-label="Phases" className="mt-2 flex flex-wrap gap-1 text-xs">
        {phases.map((phase, i) => (
          <li
            key={phase}
            aria-current={i === current ? "step" : undefined}
            className={
              i === current
                ? "rounded border border-sky-600 bg-sky-600 px-2 py-0.5 font-semibold text-white dark:border-sky-400 dark:bg-sky-400 dark:text-slate-950"
                : i < current
                  ? "rounded border border-slate-300 px-2 py-0.5 text-slate-700 dark:border-slate-600 dark:text-slate-300"
                  : "rounded border border-dashed border-slate-300 px-2 py-0.5 text-slate-500 dark:border-slate-700 dark:text-slate-400"
            }
          >
            {i < current ? "✓ " : ""}
            {PHASE_LABELS[phase]}
          </li>
        ))}
      </ol>
      <p className="mt-2 text-sm" data-testid="phase">
        <span className="font-medium">{PHASE_LABELS[e.phase]}</span>
        {prompt ? `: ${prompt}` : ""}
        {e.detail ? <span className="text-slate-500 dark:text-slate-400"> ({e.detail})</span> : null}
      </p>
      {prompt && e.promptIndex !== null && e.promptCount !== null ? (
        <ProgressBar
          className="mt-1"
          label={`${PHASE_LABELS[e.phase]}, ${validator}`}
          value={e.promptIndex - 1}
          max={e.promptCount}
          valueText={prompt}
        />
      ) : null}
    </li>
  );
}
