import { createHash, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { runPrompts, runs, submissions } from "../schema";

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

/**
 * A run as the signed API would store it: the `cacheon.run.v1` body (as envelope bytes) and the columns
 * derived from it, with two scored prompts; a correctness failure diverges on the second prompt.
 */
export async function seedRun(db: DbOrTx, r: SeedRun): Promise<string> {
  const runId = r.runId ?? randomUUID();
  const outcome = r.outcome ?? "scored";
  const score = outcome === "failed" ? 0 : (r.score ?? 0.1);
  const finishedAt = r.finishedAt ?? new Date("2026-01-01T01:00:00Z");
  const startedAt = new Date(finishedAt.getTime() - 15 * 60_000);
  const [sub] = await db.select().from(submissions).where(eq(submissions.id, r.submissionId));
  if (!sub) throw new Error(`seedRun: no submission ${r.submissionId}`);
  const ttftMs = BASELINE_TTFT_MS * (1 - score);
  const tps = BASELINE_TPS * (1 + score);
  const divergent = outcome === "failed" && r.failureReason === "correctness_failed";
  const prompts = [0, 1].map((index) => ({
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
  const tokenMatchRate = r.tokenMatchRate ?? (divergent ? (1 + 17 / 256) / 2 : 1);
  const summary = {
    medianTtftMs: ttftMs,
    medianThroughputTps: tps,
    tokenMatchRate,
    correctnessPassed: !divergent,
    ttftImprovement: score,
    throughputImprovement: score,
    score,
  };
  const baseline = {
    engine: "vllm",
    version: "0.11.0",
    image: "docker.io/vllm/vllm-openai:v0.11.0",
    medianTtftMs: BASELINE_TTFT_MS,
    medianThroughputTps: BASELINE_TPS,
    prompts: [0, 1].map((index) => ({
      index,
      ttftMs: BASELINE_TTFT_MS,
      throughputTps: BASELINE_TPS,
      outputTokens: 256,
    })),
  };
  const runner = {
    version: r.runnerVersion ?? "1.2.0",
    gpu: { model: "H200", count: 4, driver: "560.35" },
    host: "pod-1",
  };
  const failure =
    outcome === "failed"
      ? {
          reason: r.failureReason ?? "container_crashed",
          message: `the run failed: ${r.failureReason ?? "container_crashed"}`,
          stage: divergent ? "correctness" : "starting",
          logTail: "INFO loading weights\nERROR something went wrong\n",
        }
      : undefined;
  const body = {
    schema: "cacheon.run.v1",
    runId,
    netuid: 14,
    submission: { hotkey: sub.hotkey, image: sub.image, digest: sub.digest, commitBlock: sub.commitBlock },
    validator: { hotkey: r.validatorHotkey },
    runner,
    seed: { block: sub.commitBlock + 1, blockHash: `0x${hex(`seed:${sub.commitBlock}`)}` },
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    outcome,
    ...(failure ? { failure } : {}),
    baseline,
    prompts,
    summary,
  };
  const envelope = new TextEncoder().encode(JSON.stringify(body));
  await db.insert(runs).values({
    runId,
    submissionId: r.submissionId,
    validatorHotkey: r.validatorHotkey,
    runnerVersion: runner.version,
    runner,
    seedBlock: body.seed.block,
    seedBlockHash: body.seed.blockHash,
    startedAt,
    finishedAt,
    outcome,
    failureReason: failure?.reason ?? null,
    failureMessage: failure?.message ?? null,
    failureStage: failure?.stage ?? null,
    logTail: failure?.logTail ?? null,
    baseline,
    medianTtftMs: ttftMs,
    medianThroughputTps: tps,
    tokenMatchRate,
    correctnessPassed: !divergent,
    ttftImprovement: score,
    throughputImprovement: score,
    score,
    envelope,
    envelopeSha256: createHash("sha256").update(envelope).digest("hex"),
    epistulaUuid: randomUUID(),
    receivedAt: finishedAt,
  });
  await db.insert(runPrompts).values(
    prompts.map((p) => ({
      runId,
      promptIndex: p.index,
      promptSha256: p.promptSha256,
      inputTokens: p.inputTokens,
      outputTokens: p.outputTokens,
      ttftMs: p.ttftMs,
      throughputTps: p.throughputTps,
      e2eMs: p.e2eMs,
      itlP50Ms: p.itlMs.p50,
      itlP90Ms: p.itlMs.p90,
      itlP99Ms: p.itlMs.p99,
      comparedTokens: p.comparedTokens,
      matchedTokens: p.matchedTokens,
      passed: p.passed,
      divergence: p.divergence,
    })),
  );
  return runId;
}
