import { Badge } from "@/components/ui/badge";
import { phaseLabel, type OfficialProgress } from "@/lib/official/progress";

/**
 * Submission page: the official validator's evaluation in progress, when this submission is one of its
 * challengers (on finney its own dashboard is the only live progress there is). Read from the last import.
 */
export function OfficialLive({ progress, hotkey }: { progress: OfficialProgress | null; hotkey: string }) {
  if (progress === null || progress.status === "idle") return null;
  const index = progress.challengers.findIndex((c) => c.hotkey === hotkey);
  const mine = progress.challengers[index];
  if (mine === undefined) return null;
  return (
    <p
      aria-label="Official validator's evaluation in progress"
      className="mb-4 rounded-md bg-sky-50 p-3 text-sm text-sky-950 dark:bg-sky-950/40 dark:text-sky-100"
    >
      <strong>The official validator is evaluating this submission</strong> (challenger {index + 1} of{" "}
      {progress.challengers.length}
      {progress.round_block ? `, round at block ${progress.round_block}` : ""}):{" "}
      {progress.phase ? phaseLabel(progress.phase) : "in progress"}
      {progress.detail ? ` (${progress.detail})` : ""}. This submission:{" "}
      <Badge tone="neutral">{mine.status.replace("_", " ")}</Badge>
      {progress.possibly_stale ? (
        <>
          {" "}
          <Badge tone="warn">possibly stale</Badge>
        </>
      ) : null}
    </p>
  );
}
