import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { BenchRow } from "./result";

/** The results as a markdown table (the same columns as bench/README.md). */
export function toMarkdown(rows: readonly BenchRow[], header: Record<string, string>): string {
  const lines = Object.entries(header).map(([k, v]) => `- ${k}: ${v}`);
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  const table = [
    "| what | figure | reference (same run) | ratio | target | met | load |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows.map(
      (r) =>
        `| ${cell(r.what)} | ${cell(r.figure)} | ${cell(r.reference)} | ${r.ratio} | ${r.target} | ${r.met ? "yes" : "**no**"} | ${r.load} |`,
    ),
  ];
  return [...lines, "", ...table, ""].join("\n");
}

/** Writes `<stamp>.md`, `<stamp>.json` and `latest.md` under bench/results/; answers the markdown path. */
export function writeResults(rows: readonly BenchRow[], header: Record<string, string>): string {
  const dir = path.join("bench", "results");
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const markdown = toMarkdown(rows, header);
  writeFileSync(path.join(dir, `${stamp}.md`), markdown);
  writeFileSync(path.join(dir, `${stamp}.json`), JSON.stringify({ header, rows }, null, 2));
  writeFileSync(path.join(dir, "latest.md"), markdown);
  return path.join(dir, `${stamp}.md`);
}
