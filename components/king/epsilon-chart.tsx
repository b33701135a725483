import { formatBlock } from "@/lib/format";

type Props = {
  crownedBlock: number;
  zeroAtBlock: number;
  nowBlock: number;
  epsilon0: number;
};

/**
 * ε over the reign: a straight decay from ε0 at the coronation to 0 at `zeroAtBlock`, with "now" marked. A line
 * and a marker need no chart library, so the home page ships none: the plot is an SVG stretched to its box
 * (strokes keep their width) and the labels are HTML, readable at any width.
 */
export function EpsilonChart({ crownedBlock, zeroAtBlock, nowBlock, epsilon0 }: Props) {
  const span = Math.max(1, zeroAtBlock - crownedBlock);
  const nowShare = Math.min(1, Math.max(0, (nowBlock - crownedBlock) / span));
  const nowPercent = `${(nowShare * 100).toFixed(3)}%`;
  const epsilonNow = epsilon0 * (1 - nowShare) * 100;
  return (
    <figure className="mt-4 text-xs text-slate-500 dark:text-slate-400">
      <figcaption className="sr-only">
        ε falls in a straight line from {epsilon0 * 100} % at the coronation, block{" "}
        {formatBlock(crownedBlock)}, to 0 at block {formatBlock(zeroAtBlock)}; now it is{" "}
        {epsilonNow.toFixed(4)} %.
      </figcaption>
      <div className="flex gap-2" aria-hidden>
        <div className="flex h-32 flex-col justify-between text-right font-mono tabular-nums">
          <span>{(epsilon0 * 100).toFixed(2)}%</span>
          <span>0%</span>
        </div>
        <div className="relative h-32 flex-1 border-b border-l border-slate-300 dark:border-slate-700">
          <svg className="absolute inset-0 h-full w-full" viewBox="0 0 100 100" preserveAspectRatio="none">
            <line
              x1="0"
              y1="2"
              x2="100"
              y2="100"
              stroke="#f59e0b"
              strokeWidth="2"
              vectorEffect="non-scaling-stroke"
            />
            <line
              x1={nowShare * 100}
              y1="0"
              x2={nowShare * 100}
              y2="100"
              stroke="#64748b"
              strokeWidth="1"
              strokeDasharray="4 3"
              vectorEffect="non-scaling-stroke"
              data-testid="epsilon-now-marker"
            />
          </svg>
          <span className="absolute -top-4 -translate-x-1/2 whitespace-nowrap" style={{ left: nowPercent }}>
            now
          </span>
        </div>
      </div>
      <div className="ml-12 mt-1 flex justify-between font-mono tabular-nums" aria-hidden>
        <span>{formatBlock(crownedBlock)}</span>
        <span>{formatBlock(zeroAtBlock)}</span>
      </div>
    </figure>
  );
}
