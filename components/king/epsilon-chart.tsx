"use client";

import { Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { epsilonAt } from "@/lib/protocol/margin";

type Props = {
  crownedBlock: number;
  zeroAtBlock: number;
  nowBlock: number;
  epsilon0: number;
  decayBlocks: number;
};

/** ε over the reign: a straight decay from ε0 to 0, with "now" marked. */
export function EpsilonChart({ crownedBlock, zeroAtBlock, nowBlock, epsilon0, decayBlocks }: Props) {
  const steps = 24;
  const data = Array.from({ length: steps + 1 }, (_, i) => {
    const block = crownedBlock + ((zeroAtBlock - crownedBlock) * i) / steps;
    return {
      block: Math.round(block),
      epsilon: epsilonAt(block - crownedBlock, { epsilon0, decayBlocks }) * 100,
    };
  });
  return (
    <figure className="mt-4 h-40" aria-label="ε over the reign, with now marked">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <XAxis
            dataKey="block"
            type="number"
            domain={[crownedBlock, zeroAtBlock]}
            tick={{ fontSize: 11 }}
            tickFormatter={(b: number) => `#${b.toLocaleString("en-US")}`}
          />
          <YAxis tick={{ fontSize: 11 }} width={44} tickFormatter={(v: number) => `${v.toFixed(2)}%`} />
          <Tooltip
            formatter={(v) => [`${Number(v).toFixed(4)} %`, "ε"]}
            labelFormatter={(b) => `block #${Number(b).toLocaleString("en-US")}`}
          />
          <Line
            type="linear"
            dataKey="epsilon"
            stroke="#f59e0b"
            dot={false}
            strokeWidth={2}
            isAnimationActive={false}
          />
          <ReferenceLine
            x={Math.min(nowBlock, zeroAtBlock)}
            stroke="#64748b"
            strokeDasharray="4 3"
            label={{ value: "now", position: "top", fontSize: 11, fill: "#64748b" }}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
