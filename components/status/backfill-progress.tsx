import { ProgressBar } from "@/components/ui/progress-bar";
import { backfillProgress } from "@/lib/chain/backfill-progress";
import { formatBlock, formatCount, formatDuration } from "@/lib/format";
import { paramsVersionAt, PARAMS_VERSIONS } from "@/lib/protocol/params";
import type { Status } from "@/lib/schemas/status";

/** While chain ingest catches up with the head: blocks done of blocks to do, the rate and when it arrives. */
export function BackfillProgress({ status }: { status: Status }) {
  const { ingest, chain } = status;
  if (ingest.mode !== "backfill") return null;
  const block = chain.finalizedBlock ?? Number.MAX_SAFE_INTEGER;
  const p = backfillProgress({
    firstBlock: ingest.firstBlock,
    lastIngestedBlock: ingest.lastIngestedBlock,
    finalizedBlock: chain.finalizedBlock,
    blocksPerSecond: ingest.blocksPerSecond,
    blockSeconds: paramsVersionAt(block, PARAMS_VERSIONS).params.blockSeconds,
  });
  if (p === null) return null;
  const percent = `${(Math.floor(p.fraction * 1000) / 10).toFixed(1)} %`;
  const rate = ingest.blocksPerSecond ?? null;
  return (
    <section aria-label="Backfill" className="mt-4 space-y-2">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 text-sm">
        <h3 className="font-semibold">Catching up with the chain</h3>
        <span className="font-mono tabular-nums">{percent}</span>
      </div>
      <ProgressBar
        label="Backfill"
        value={p.doneBlocks}
        max={p.totalBlocks}
        valueText={`${formatCount(p.doneBlocks)} of ${formatCount(p.totalBlocks)} blocks (${percent})`}
      />
      <p className="text-sm text-slate-600 dark:text-slate-300">
        {formatCount(p.doneBlocks)} of {formatCount(p.totalBlocks)} blocks stored (blocks{" "}
        {formatBlock(ingest.firstBlock)}–{formatBlock(chain.finalizedBlock)});{" "}
        {formatCount(p.remainingBlocks)} to go at{" "}
        {rate === null ? "an unknown rate" : `${rate.toFixed(1)} blocks/s`}.{" "}
        <strong className="font-semibold text-slate-900 dark:text-slate-100">
          {p.etaSeconds === null
            ? "No ETA: ingest is not gaining on the head."
            : `About ${formatDuration(p.etaSeconds)} to go.`}
        </strong>
      </p>
    </section>
  );
}
