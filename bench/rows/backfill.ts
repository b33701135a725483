import { load1 } from "../lib/machine";
import type { BenchRow } from "../lib/result";
import { round } from "../lib/stats";
import { runBench } from "./child";

// Chain backfill from the devnet: bench/chain-backfill (its README says how), whose last lines are one row
// per driver and one for the reference (the devnet answering the same RPC calls, nothing processed).

const LINE = /^(.+?)\s+(\d+) blocks in ([\d.]+) s = (\d+) blocks\/s; CPU s: worker ([\d.]+), devnet ([\d.]+)/;

export async function backfillRows(
  options: { blocks: number; drivers: string; adminUrl: string },
  echo: (line: string) => void,
): Promise<BenchRow[]> {
  const out = await runBench(
    "bench/chain-backfill/run.ts",
    ["--blocks", String(options.blocks), "--drivers", options.drivers, "--admin-url", options.adminUrl],
    echo,
  );
  const parsed = out
    .split("\n")
    .map((line) => LINE.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({
      name: m[1] as string,
      blocksPerSecond: Number(m[4]),
      workerCpu: Number(m[5]),
      seconds: Number(m[3]),
    }));
  const reference = parsed.find((p) => /reference/i.test(p.name));
  if (!reference) throw new Error("chain-backfill printed no reference row");
  return parsed
    .filter((p) => p !== reference)
    .map((p) => ({
      row: "backfill",
      what: `chain backfill of ${options.blocks} blocks into ${p.name}`,
      figure: `${p.blocksPerSecond} blocks/s (worker CPU ${p.workerCpu} s)`,
      reference: `devnet, RPC only: ${reference.blocksPerSecond} blocks/s`,
      ratio: `${round(p.blocksPerSecond / reference.blocksPerSecond, 2)}× the reference`,
      target: "≥ 500 blocks/s",
      met: p.blocksPerSecond >= 500,
      load: load1(),
      detail: { ...p, reference },
    }));
}
