"use client";

import { CHART_GRID, CHART_TICK, CHART_TOOLTIP } from "@/components/ui/chart-theme";
import { Line, LineChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

type Point = { block: number; score: number };

/** The winning score over time: a step line, one step per coronation. */
export function ScoreChart({
  points,
  label,
  unit,
}: {
  points: readonly Point[];
  label: string;
  unit: string;
}) {
  return (
    <figure className="h-56" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={[...points]} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid {...CHART_GRID} />
          <XAxis
            dataKey="block"
            type="number"
            domain={["dataMin", "dataMax"]}
            tick={CHART_TICK}
            tickFormatter={(b: number) => `#${b.toLocaleString("en-US")}`}
          />
          <YAxis tick={CHART_TICK} width={52} tickFormatter={(v: number) => `${v.toFixed(1)}${unit}`} />
          <Tooltip
            {...CHART_TOOLTIP}
            formatter={(v) => [`${Number(v).toFixed(2)}${unit}`, label]}
            labelFormatter={(b) => `block #${Number(b).toLocaleString("en-US")}`}
          />
          <Line
            type="stepAfter"
            dataKey="score"
            stroke="#f59e0b"
            strokeWidth={2}
            dot
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
