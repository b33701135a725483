// The props every recharts chart shares, in the theme's colours (app/globals.css, --chart-*): recharts writes
// its tooltip's colours inline, so only inline CSS variables can follow the theme.

// Recharts writes each tick's fill as an attribute; an inline style is what reliably outranks it.
export const CHART_TICK = { fontSize: 11, style: { fill: "var(--chart-tick)" } } as const;

export const CHART_GRID = { strokeDasharray: "3 3", stroke: "var(--chart-grid)" } as const;

export const CHART_TOOLTIP = {
  contentStyle: {
    background: "var(--chart-tooltip-bg)",
    borderColor: "var(--chart-grid)",
    borderRadius: 6,
    color: "var(--chart-fg)",
    fontSize: 12,
  },
  labelStyle: { color: "var(--chart-fg)", fontWeight: 600 },
  // The series colour alone (amber on white) falls below 4.5:1; the name says which series it is.
  itemStyle: { color: "var(--chart-fg)" },
  cursor: { fill: "var(--chart-cursor)", stroke: "var(--chart-grid)" },
} as const;

export const CHART_LEGEND = { wrapperStyle: { fontSize: 11, color: "var(--chart-fg)" } } as const;
