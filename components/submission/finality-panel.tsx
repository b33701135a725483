import { Hotkey } from "@/components/ui/hotkey";
import { formatRaoUnits } from "@/lib/format";
import type { FinalityView } from "@/lib/schemas/submission-detail";
import { finalitySentences } from "./finality";

/** When and how the verdict became final, and from which runs; or what a pending verdict waits for. */
export function FinalityPanel({
  finality,
  duplicateOfId,
}: {
  finality: FinalityView | null;
  duplicateOfId: number | null;
}) {
  return (
    <div className="mt-3 space-y-2 text-sm" data-testid="finality">
      {duplicateOfId !== null ? (
        <p>
          The original:{" "}
          <a href={`/submissions/${duplicateOfId}`} className="underline underline-offset-2">
            submission #{duplicateOfId}
          </a>
          , the same image digest committed earlier by another hotkey.
        </p>
      ) : null}
      {finality === null ? (
        <p>Not seen by the standings yet.</p>
      ) : (
        finalitySentences(finality).map((line) => <p key={line}>{line}</p>)
      )}
      {finality?.status === "final" && finality.countedRuns.length > 0 ? (
        <details>
          <summary className="cursor-pointer font-medium">
            The {finality.countedRuns.length} counted run{finality.countedRuns.length === 1 ? "" : "s"} the
            verdict was computed from
          </summary>
          <ul className="mt-1 space-y-1">
            {finality.countedRuns.map((r) => (
              <li key={r.runId} className="flex flex-wrap items-center gap-2">
                <Hotkey hotkey={r.validatorHotkey} link={false} />
                <span>stake weight {formatRaoUnits(r.stakeRao, 0)}</span>
                <a
                  href={`/api/v1/runs/${r.runId}`}
                  className="font-mono text-xs underline underline-offset-2"
                >
                  {r.runId.slice(0, 8)}
                </a>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
