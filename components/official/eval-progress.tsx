import { formatUtc } from "@/lib/format";
import { phaseLabel, type OfficialProgress } from "@/lib/official/progress";
import { Badge, type Tone } from "@/components/ui/badge";
import { Provenance } from "./provenance";

const CHALLENGER_TONES: Record<string, Tone> = { scored: "good", dq: "bad", skipped: "neutral" };
const at = (ts: number | null | undefined) => (typeof ts === "number" ? formatUtc(new Date(ts * 1000)) : "–");

/** The official validator's live evaluation, phase by phase with the dashboard's labels. */
export function EvalProgress({
  progress,
}: {
  progress: { value: OfficialProgress | null; raw: unknown; fetchedAt: Date } | null;
}) {
  if (!progress) return null;
  const p = progress.value;
  return (
    <section aria-label="Official evaluation in progress" className="space-y-2">
      <h3 className="text-sm font-semibold">
        Official evaluation {p?.status === "idle" ? "(idle)" : "in progress"}
      </h3>
      {!p ? (
        <pre className="overflow-x-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-900">
          {JSON.stringify(progress.raw, null, 2)}
        </pre>
      ) : p.status === "idle" ? (
        <p className="text-sm text-slate-600 dark:text-slate-300">
          The validator is not evaluating right now.
        </p>
      ) : (
        <>
          <p className="text-sm">
            Round at block <span className="font-mono">{p.round_block ?? "–"}</span>:{" "}
            {p.phase ? phaseLabel(p.phase) : "–"}
            {p.detail ? ` (${p.detail})` : ""}
            {p.possibly_stale ? (
              <>
                {" "}
                <Badge tone="warn">possibly stale</Badge>
              </>
            ) : null}
          </p>
          {p.gpu ? (
            <p className="text-sm">
              GPU: {p.gpu.num_gpus ?? "?"}× {p.gpu.gpu_type ?? "unknown"} on{" "}
              {p.gpu.provider ?? "unknown provider"}
              {typeof p.gpu.cost_per_hr === "number" ? `, $${p.gpu.cost_per_hr.toFixed(2)}/h` : ""}
            </p>
          ) : null}
          <ol className="flex flex-wrap gap-1 text-xs" aria-label="Phases">
            {p.steps.map((s, i) => (
              <li
                key={`${s.phase}-${i}`}
                className="rounded border border-slate-200 px-2 py-0.5 dark:border-slate-700"
              >
                {phaseLabel(s.phase)} <span className="text-slate-500">{at(s.ts)}</span>
              </li>
            ))}
          </ol>
          <ul className="space-y-1 text-sm" aria-label="Challengers">
            {p.challengers.map((c) => (
              <li key={`${c.uid}-${c.hotkey}`} className="flex flex-wrap items-center gap-2">
                <span className="font-mono">UID {c.uid}</span>
                <span className="truncate text-slate-500">{c.image}</span>
                <Badge tone={CHALLENGER_TONES[c.status] ?? "neutral"}>{c.status.replace("_", " ")}</Badge>
                {typeof c.score === "number" ? (
                  <span className="font-mono">{(c.score * 100).toFixed(1)} %</span>
                ) : null}
                {c.dq_reason ? <span className="text-red-700 dark:text-red-300">{c.dq_reason}</span> : null}
              </li>
            ))}
          </ul>
        </>
      )}
      <Provenance fetchedAt={progress.fetchedAt} />
    </section>
  );
}
