import { randomUUID } from "node:crypto";
import type { RunV1 } from "@/lib/protocol/run-schema";
import { median, summarizeRun } from "@/lib/protocol/scoring";

// Test support: a `cacheon.run.v1` envelope whose summary is consistent with its per-prompt figures.

export interface RunFixtureOptions {
  readonly runId?: string;
  readonly validatorHotkey: string;
  readonly submission: { hotkey: string; image: string; digest: string; commitBlock: number };
  readonly seed: { block: number; blockHash: string };
  /** Miner TTFT as a fraction of the baseline's (0.8 = 20 % faster); default 0.8. */
  readonly ttftRatio?: number;
  readonly prompts?: number;
  readonly failed?: boolean;
}

export function buildRun(options: RunFixtureOptions): RunV1 {
  const count = options.prompts ?? 10;
  const ratio = options.ttftRatio ?? 0.8;
  const baselinePrompts = Array.from({ length: count }, (_, i) => ({
    index: i,
    ttftMs: 400 + 10 * i,
    throughputTps: 40 + i,
    outputTokens: 256,
  }));
  const prompts = baselinePrompts.map((b, i) => ({
    index: i,
    promptSha256: i.toString(16).padStart(64, "0"),
    inputTokens: 8_000 + i,
    outputTokens: 256,
    ttftMs: b.ttftMs * ratio,
    throughputTps: b.throughputTps * 1.1,
    e2eMs: 6_000 + i,
    itlMs: { p50: 20, p90: 25, p99: 40 },
    comparedTokens: 256,
    matchedTokens: 250 + (i % 7),
    // A failed run's fixture fails as speed_pass_mismatch on prompt 3.
    passed: !(options.failed === true && i === 3),
    divergence:
      i % 7 === 6
        ? null
        : {
            position: 250 + (i % 7),
            baselineToken: " the",
            minerToken: " a",
            baselineTokenLogprob: -0.7,
            minerTokenLogprob: -0.6,
            minerTop5: [
              { token: " a", logprob: -0.6 },
              { token: " the", logprob: -0.7 },
            ],
          },
  }));
  const baseline = {
    engine: "vllm",
    version: "0.11.0",
    image: "docker.io/vllm/vllm-openai:v0.11.0",
    medianTtftMs: median(baselinePrompts.map((p) => p.ttftMs)),
    medianThroughputTps: median(baselinePrompts.map((p) => p.throughputTps)),
    prompts: baselinePrompts,
  };
  const summary = summarizeRun(prompts, baseline, !options.failed, { runFailed: options.failed });
  const common = {
    schema: "cacheon.run.v1" as const,
    runId: options.runId ?? randomUUID(),
    netuid: 14 as const,
    // Copies: a test that edits the envelope must not edit the world it was built from.
    submission: { ...options.submission },
    validator: { hotkey: options.validatorHotkey },
    runner: {
      version: "cacheon-runner/1.4.0",
      gpu: { model: "NVIDIA H200", count: 4, driver: "570.86.15" },
      host: "pod-7",
    },
    seed: { ...options.seed },
    startedAt: "2026-05-20T11:40:00.000Z",
    finishedAt: "2026-05-20T11:58:00.000Z",
    baseline,
    prompts,
    summary,
  };
  if (options.failed) {
    return {
      ...common,
      outcome: "failed",
      failure: { reason: "speed_pass_mismatch", message: "prompt 3", stage: "benchmark", logTail: "…" },
    };
  }
  return { ...common, outcome: "scored" };
}
