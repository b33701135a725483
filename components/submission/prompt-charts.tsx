"use client";

import { CHART_GRID, CHART_TICK, CHART_TOOLTIP, CHART_LEGEND } from "@/components/ui/chart-theme";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { RunPromptView } from "@/lib/schemas/submission-detail";

type Props = { prompts: readonly RunPromptView[]; baselineTtftMs: number | null; baselineTps: number | null };

/** Per-prompt TTFT and throughput against the baseline's median, and inter-token latency percentiles. */
export function PromptCharts({ prompts, baselineTtftMs, baselineTps }: Props) {
  const data = prompts.map((p) => ({
    prompt: `#${p.index}`,
    ttft: Math.round(p.ttftMs * 10) / 10,
    baselineTtft: baselineTtftMs,
    tps: Math.round(p.throughputTps * 10) / 10,
    baselineTps,
    p50: p.itlMs.p50,
    p90: p.itlMs.p90,
    p99: p.itlMs.p99,
  }));
  const chart = (title: string, unit: string, bars: [key: string, name: string, color: string][]) => (
    <figure className="h-56" aria-label={title}>
      <figcaption className="mb-1 text-xs font-medium text-slate-500 dark:text-slate-400">{title}</figcaption>
      <ResponsiveContainer width="100%" height="90%">
        <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid {...CHART_GRID} />
          <XAxis dataKey="prompt" tick={CHART_TICK} />
          <YAxis tick={CHART_TICK} width={48} unit={unit} />
          <Tooltip {...CHART_TOOLTIP} />
          <Legend {...CHART_LEGEND} />
          {bars.map(([key, name, color]) => (
            <Bar key={key} dataKey={key} name={name} fill={color} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      {chart("TTFT per prompt (ms, lower is better)", "", [
        ["ttft", "Submission", "#f59e0b"],
        ["baselineTtft", "Baseline median", "#94a3b8"],
      ])}
      {chart("Throughput per prompt (tok/s, higher is better)", "", [
        ["tps", "Submission", "#10b981"],
        ["baselineTps", "Baseline median", "#94a3b8"],
      ])}
      {chart("Inter-token latency (ms)", "", [
        ["p50", "p50", "#6366f1"],
        ["p90", "p90", "#a855f7"],
        ["p99", "p99", "#ec4899"],
      ])}
    </div>
  );
}
