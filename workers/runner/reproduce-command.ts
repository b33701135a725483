import { z } from "zod";

import { runV1Schema, type RunV1 } from "@/lib/protocol/run-schema";

import type { RunnerConfig } from "./config";
import { formatEvaluation, runEvaluation } from "./evaluate-command";

// `runner reproduce RUN_ID`: fetches a posted run from the explorer, evaluates the same image with the same
// seed on this pod, and shows where the two differ prompt by prompt. For a miner who wants to see why a
// validator failed it, and for a validator checking another's figures.

const runDetailSchema = z.object({ posted: z.unknown() });

export async function fetchPostedRun(apiUrl: string, runId: string): Promise<RunV1> {
  const res = await fetch(`${apiUrl}/api/v1/runs/${encodeURIComponent(runId)}`, {
    signal: AbortSignal.timeout(30_000),
  });
  if (res.status === 404) throw new Error(`the explorer has no run ${runId}`);
  if (!res.ok) throw new Error(`GET /api/v1/runs/${runId}: HTTP ${res.status}`);
  const detail = runDetailSchema.parse(await res.json());
  const posted = runV1Schema.safeParse(detail.posted);
  if (!posted.success)
    throw new Error(`run ${runId} is not a cacheon.run.v1 this runner reads: ${posted.error.message}`);
  return posted.data;
}

const ms = (x: number) => `${x.toFixed(1)} ms`;
const tps = (x: number) => `${x.toFixed(0)} tok/s`;
const outcomeOf = (run: RunV1) => (run.outcome === "scored" ? "scored" : `failed: ${run.failure.reason}`);

/** The two runs side by side: their outcomes, then every prompt by index. */
export function formatComparison(posted: RunV1, local: RunV1): string {
  const lines = [
    `outcome     posted ${outcomeOf(posted)}; here ${outcomeOf(local)}${outcomeOf(posted) === outcomeOf(local) ? "" : "  ← differs"}`,
    `score       posted ${(100 * posted.summary.score).toFixed(1)} %; here ${(100 * local.summary.score).toFixed(1)} %`,
    "",
    "prompt  TTFT posted / here        throughput posted / here    correctness posted / here",
  ];
  const here = new Map(local.prompts.map((p) => [p.index, p]));
  for (const p of posted.prompts) {
    const q = here.get(p.index);
    if (q === undefined) {
      lines.push(`${String(p.index).padStart(6)}  not reached here`);
      continue;
    }
    const passed = (x: boolean) => (x ? "passed" : "FAILED");
    const differs = p.passed !== q.passed ? "  ← differs" : "";
    lines.push(
      `${String(p.index).padStart(6)}  ${`${ms(p.ttftMs)} / ${ms(q.ttftMs)}`.padEnd(24)}  ` +
        `${`${tps(p.throughputTps)} / ${tps(q.throughputTps)}`.padEnd(26)}  ${passed(p.passed)} / ${passed(q.passed)}${differs}`,
    );
  }
  return lines.join("\n");
}

/** The exit code is 0 when both runs reach the same outcome. */
export async function reproduce(config: RunnerConfig, runId: string): Promise<number> {
  const posted = await fetchPostedRun(config.apiUrl, runId);
  const local = await runEvaluation(config, {
    image: posted.submission.image,
    digest: posted.submission.digest,
    seed: posted.seed,
    minerHotkey: posted.submission.hotkey,
  });
  console.log(formatEvaluation(local));
  console.log("");
  console.log(formatComparison(posted, local));
  return outcomeOf(posted) === outcomeOf(local) ? 0 : 1;
}
