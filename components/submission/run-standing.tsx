import { Badge } from "@/components/ui/badge";
import { formatCount } from "@/lib/format";
import type { RunView } from "@/lib/schemas/submission-detail";

/** Where a run stands: its anchor block, whether it counted, and whether it made or came after the verdict. */
export function RunStandingBadges({ run }: { run: RunView }) {
  return (
    <>
      <Badge tone="neutral">anchor block {formatCount(run.anchorBlock)}</Badge>
      {run.counted === null ? (
        <Badge tone="neutral">waiting for ingest to reach its anchor block</Badge>
      ) : run.counted ? null : (
        <Badge tone="warn">not counted: no permit or no stake at its anchor block</Badge>
      )}
      {run.inVerdict ? <Badge tone="good">in the verdict</Badge> : null}
      {run.afterVerdict ? <Badge tone="neutral">after the verdict</Badge> : null}
    </>
  );
}
