"use client";

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
          <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
          <XAxis dataKey="day" tick={{ fontSize: 11 }} />
          <YAxis yAxisId="tao" tick={{ fontSize: 11 }} width={48} />
          <YAxis yAxisId="alpha" orientation="right" tick={{ fontSize: 11 }} width={56} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          <Bar yAxisId="tao" dataKey="tao" name="TAO / day" fill="#f59e0b" isAnimationActive={false} />
          <Line
            yAxisId="alpha"
            dataKey="alpha"
            name="alpha / day"
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
