import { DEFAULT_PARAMS } from "@/lib/protocol/params";
import { createHash, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { RunFailureReason } from "@/lib/protocol/failure-reasons";
import type { RunV1 } from "@/lib/protocol/run-schema";
import { summarizeRun } from "@/lib/protocol/scoring";
import type { DbOrTx } from "../client";
import { insertRun } from "../queries/runs";
import { submissions } from "../schema";

export interface SeedRun {
  submissionId: number;
  validatorHotkey: string;
  /** The run's score; its TTFT and throughput improvements are both set to it, so 0.5 × s + 0.5 × s = s. */
  score?: number;
  outcome?: "scored" | "failed";
  failureReason?: string;
  finishedAt?: Date;
  runId?: string;
  runnerVersion?: string;
  tokenMatchRate?: number;
}

const BASELINE_TTFT_MS = 200;
const BASELINE_TPS = 40;
const hex = (text: string) => createHash("sha256").update(text).digest("hex");

export interface RunBodyOptions {
  readonly submission: RunV1["submission"];
  readonly validatorHotkey: string;
  readonly runId?: string;
  readonly outcome?: "scored" | "failed";
  /** A failed run's reason (default container_crashed); correctness_failed diverges on the second prompt. */
  readonly failureReason?: RunFailureReason;
  /** What every prompt measured, hence the run's medians; default the baseline's (no improvement). */
  readonly medianTtftMs?: number;
  readonly medianThroughputTps?: number;
  /** vLLM's medians, measured the same on every prompt; default 200 ms and 40 tokens/s. */
  readonly baseline?: { readonly medianTtftMs: number; readonly medianThroughputTps: number };
  /** Default 2026-01-01T01:00:00Z; the run started 15 minutes earlier. */
  readonly finishedAt?: Date;
  readonly runnerVersion?: string;
}

/**
 * A `cacheon.run.v1` body with the protocol's scored prompts, all measuring the given medians, and a summary recomputed from
 * them as the API does (lib/protocol/scoring), so POST /api/v1/runs accepts it; a correctness failure
 * diverges on the second prompt (17 of 256 tokens matched).
 */
export function buildRunBody(o: RunBodyOptions): RunV1 {
  const outcome = o.outcome ?? "scored";
  const finishedAt = o.finishedAt ?? new Date("2026-01-01T01:00:00Z");
  const startedAt = new Date(finishedAt.getTime() - 15 * 60_000);
  const baselineTtftMs = o.baseline?.medianTtftMs ?? BASELINE_TTFT_MS;
  const baselineTps = o.baseline?.medianThroughputTps ?? BASELINE_TPS;
  const ttftMs = o.medianTtftMs ?? baselineTtftMs;
  const tps = o.medianThroughputTps ?? baselineTps;
  const divergent = outcome === "failed" && o.failureReason === "correctness_failed";
  const indexes = Array.from({ length: DEFAULT_PARAMS.scoredPrompts }, (_, i) => i);
  const prompts = indexes.map((index) => ({
    index,
    promptSha256: hex(`prompt:${index}`),
    inputTokens: 4000,
    outputTokens: 256,
    ttftMs,
    throughputTps: tps,
    e2eMs: ttftMs + (256 / tps) * 1000,
    itlMs: { p50: 1000 / tps, p90: 1200 / tps, p99: 1500 / tps },
    comparedTokens: 256,
    matchedTokens: divergent && index === 1 ? 17 : 256,
    passed: !(divergent && index === 1),
    divergence:
      divergent && index === 1
        ? {
            position: 17,
            baselineToken: " the",
            minerToken: " a",
            baselineTokenLogprob: -2.1,
            minerTokenLogprob: -0.2,
            minerTop5: [
              { token: " a", logprob: -0.2 },
              { token: " the", logprob: -2.1 },
            ],
          }
        : null,
  }));
  const baseline = {
    engine: "vllm",
    version: "0.11.0",
    image: "docker.io/vllm/vllm-openai:v0.11.0",
    medianTtftMs: baselineTtftMs,
    medianThroughputTps: baselineTps,
    prompts: indexes.map((index) => ({
      index,
      ttftMs: baselineTtftMs,
      throughputTps: baselineTps,
      outputTokens: 256,
    })),
  };
  const summary = summarizeRun(prompts, baseline, !divergent, { runFailed: outcome === "failed" });
  const head = {
    schema: "cacheon.run.v1" as const,
    runId: o.runId ?? randomUUID(),
    netuid: 14,
    submission: { ...o.submission },
    validator: { hotkey: o.validatorHotkey },
    runner: {
      version: o.runnerVersion ?? "1.2.0",
      gpu: { model: "H200", count: 4, driver: "560.35" },
      host: "pod-1",
    },
    seed: { block: o.submission.commitBlock + 1, blockHash: `0x${hex(`seed:${o.submission.commitBlock}`)}` },
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
  };
  const tail = { baseline, prompts, summary };
  if (outcome === "scored") return { ...head, outcome, ...tail };
  const reason = o.failureReason ?? "container_crashed";
  const failure = {
    reason,
    message: `the run failed: ${reason}`,
    stage: divergent ? ("correctness" as const) : ("starting" as const),
    logTail: "INFO loading weights\nERROR something went wrong\n",
  };
  return { ...head, outcome, failure, ...tail };
}

/**
 * A run as the signed API would store it: the `cacheon.run.v1` body (as envelope bytes) and the columns
 * derived from it, with the protocol's scored prompts; a correctness failure diverges on the second prompt. The summary
 * is stored as claimed (score, improvements, token match rate), not recomputed: see server/api/test-support/post-run
 * for a run that goes through POST /api/v1/runs.
 */
export async function seedRun(db: DbOrTx, r: SeedRun): Promise<string> {
  const outcome = r.outcome ?? "scored";
  const score = outcome === "failed" ? 0 : (r.score ?? 0.1);
  const [sub] = await db.select().from(submissions).where(eq(submissions.id, r.submissionId));
  if (!sub) throw new Error(`seedRun: no submission ${r.submissionId}`);
  const ttftMs = BASELINE_TTFT_MS * (1 - score);
  const tps = BASELINE_TPS * (1 + score);
  const built = buildRunBody({
    submission: { hotkey: sub.hotkey, image: sub.image, digest: sub.digest, commitBlock: sub.commitBlock },
    validatorHotkey: r.validatorHotkey,
    runId: r.runId,
    outcome,
    // Stored as given, even a reason the API would refuse (the standings must cope with one).
    failureReason: r.failureReason as RunFailureReason | undefined,
    medianTtftMs: ttftMs,
    medianThroughputTps: tps,
    finishedAt: r.finishedAt,
    runnerVersion: r.runnerVersion,
  });
  const divergent = outcome === "failed" && r.failureReason === "correctness_failed";
  const tokenMatchRate = r.tokenMatchRate ?? built.summary.tokenMatchRate;
  const summary = {
    medianTtftMs: ttftMs,
    medianThroughputTps: tps,
    tokenMatchRate,
    correctnessPassed: !divergent,
    ttftImprovement: score,
    throughputImprovement: score,
    score,
  };
  const body: RunV1 = { ...built, summary };
  const envelope = new TextEncoder().encode(JSON.stringify(body));
  // The same rows the API writes (db/queries/runs.ts), from a body it would have accepted.
  const row = {
    run: body,
    submissionId: r.submissionId,
    summary,
    envelope,
    envelopeSha256: createHash("sha256").update(envelope).digest("hex"),
    epistulaUuid: randomUUID(),
    receivedAt: new Date(body.finishedAt),
  };
  await insertRun(db, row);
  const { runId } = body;
  return runId;
}
