import { load1 } from "../lib/machine";
import type { BenchRow } from "../lib/result";
import { round } from "../lib/stats";
import { runBench } from "./child";

// The runner's SSE client against a bare reader that only counts bytes: bench/runner-client (its README
// says how), whose "Ingest" lines give tokens per wall second and per CPU second.

const rate = (out: string, label: string): { wall: number; cpu: number } => {
  const line = out.split("\n").find((l) => l.includes(label));
  const match = line ? /([\d,]+) per wall second\s+([\d,]+) per CPU second/.exec(line) : null;
  if (!match) throw new Error(`runner-client printed no "${label}" line`);
  return { wall: Number(match[1]?.replace(/,/g, "")), cpu: Number(match[2]?.replace(/,/g, "")) };
};

export async function sseRow(
  options: { requests: number; rounds: number },
  echo: (line: string) => void,
): Promise<BenchRow> {
  const out = await runBench(
    "bench/runner-client/run.ts",
    ["--requests", String(options.requests), "--rounds", String(options.rounds)],
    echo,
  );
  const client = rate(out, "client, speed pass");
  const bare = rate(out, "bare reader, counting bytes");
  const ratio = client.wall / bare.wall;
  return {
    row: "sse",
    what: "runner SSE client, speed pass (200,000 one-token chunks)",
    figure: `${client.wall.toLocaleString("en-US")} tokens/s (${client.cpu.toLocaleString("en-US")} per CPU s)`,
    reference: `bare byte counter: ${bare.wall.toLocaleString("en-US")} tokens/s`,
    ratio: `${round(ratio * 100, 1)} % of the reference`,
    target: "≥ 50 % of the reference",
    met: ratio >= 0.5,
    load: load1(),
    detail: { client, bare },
  };
}
