"use client";

import { CHART_GRID, CHART_TICK, CHART_TOOLTIP, CHART_LEGEND } from "@/components/ui/chart-theme";
import { SUBNET_TOKEN } from "@/lib/protocol/token-symbol";
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

type Day = { day: string; alpha: number; tao: number; cumulativeTao: number };

export function EmissionsChart({ series }: { series: readonly Day[] }) {
  return (
    <figure className="h-64" aria-label="Emission to the king per day, and cumulative TAO">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={[...series]} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid {...CHART_GRID} />
          <XAxis dataKey="day" tick={CHART_TICK} />
          <YAxis yAxisId="tao" tick={CHART_TICK} width={48} />
          <YAxis yAxisId="alpha" orientation="right" tick={CHART_TICK} width={56} />
          <Tooltip {...CHART_TOOLTIP} />
          <Legend {...CHART_LEGEND} />
          <Bar yAxisId="tao" dataKey="tao" name="TAO / day" fill="#f59e0b" isAnimationActive={false} />
          <Line
            yAxisId="alpha"
            dataKey="alpha"
            name={`${SUBNET_TOKEN} / day`}
            stroke="#6366f1"
            isAnimationActive={false}
          />
          <Line
            yAxisId="tao"
            dataKey="cumulativeTao"
            name="TAO cumulative"
            stroke="#10b981"
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
