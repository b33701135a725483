"use client";

import { useNow } from "@/lib/client/use-now";
import { EpsilonChart } from "./epsilon-chart";
import { epsilonAt, scoreToBeat } from "@/lib/protocol/margin";
import { formatBlock, formatCountdown, formatScore, formatUtc } from "@/lib/format";
import type { KingResponse } from "@/lib/schemas/king";

const BLOCK_MS = 12_000;

type Props = {
  king: NonNullable<KingResponse["king"]>;
  margin: NonNullable<KingResponse["margin"]>;
  params: KingResponse["params"];
  /** When the margin was read (ms since epoch): the browser extrapolates 12-second blocks from there. */
  fetchedAt: number;
};

/** ε now, the score to beat and when ε reaches 0, ticking every second in the browser. */
export function MarginCountdown({ king, margin, params, fetchedAt }: Props) {
  const now = useNow(1000, fetchedAt) ?? fetchedAt;
  const elapsedBlocks = Math.max(0, (now - fetchedAt) / BLOCK_MS);
  const age = margin.ageBlocks + elapsedBlocks;
  const epsilon = epsilonAt(age, params);
  const toBeat = scoreToBeat(king.score, age, params);
  const blocksLeft = Math.max(0, margin.zeroAtBlock - (margin.currentBlock + elapsedBlocks));
  const zeroAt = new Date(now + blocksLeft * BLOCK_MS);
  const estimatedBlock = Math.floor(margin.currentBlock + elapsedBlocks);
  return (
    <section
      aria-labelledby="margin-heading"
      className="rounded-lg border border-slate-200 p-4 dark:border-slate-800"
    >
      <h2
        id="margin-heading"
        className="text-sm font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400"
      >
        Decay margin
      </h2>
      <dl className="mt-3 grid grid-cols-2 gap-4 sm:grid-cols-4">
        <div>
          <dt className="text-xs text-slate-500 dark:text-slate-400">ε now</dt>
          <dd className="font-mono text-lg tabular-nums" data-testid="epsilon-now">
            {(epsilon * 100).toFixed(6)} %
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500 dark:text-slate-400">Score to beat</dt>
          <dd className="font-mono text-lg tabular-nums">&gt; {formatScore(toBeat)}</dd>
          <dd className="text-xs text-slate-500 dark:text-slate-400">{(toBeat * 100).toFixed(4)} %</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500 dark:text-slate-400">ε reaches 0 in</dt>
          <dd className="font-mono text-lg tabular-nums" data-testid="countdown">
            {formatCountdown(blocksLeft * 12)}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500 dark:text-slate-400">ε reaches 0 at</dt>
          <dd className="font-mono text-sm">block {formatBlock(margin.zeroAtBlock)}</dd>
          <dd className="font-mono text-xs text-slate-500 dark:text-slate-400">≈ {formatUtc(zeroAt)}</dd>
        </div>
      </dl>
      <p className="mt-3 text-xs text-slate-500 dark:text-slate-400">
        ε = {params.epsilon0 * 100} % × max(0, 1 − age / {params.decayBlocks.toLocaleString("en-US")}); age{" "}
        {Math.floor(age).toLocaleString("en-US")} blocks since the coronation at{" "}
        {formatBlock(king.crownedBlock)}. Now ≈ block {formatBlock(estimatedBlock)}, extrapolated from{" "}
        {formatBlock(margin.currentBlock)} with 12-second blocks.
      </p>
      <EpsilonChart
        crownedBlock={king.crownedBlock}
        zeroAtBlock={margin.zeroAtBlock}
        nowBlock={margin.currentBlock + elapsedBlocks}
        epsilon0={params.epsilon0}
      />
    </section>
  );
}
