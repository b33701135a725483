import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { RUN_PHASES, type RunV1 } from "@/lib/protocol/run-schema";

import type { ProtocolParams } from "@/lib/protocol/params";

import { createTestRunner, TEST_PARAMS } from "./test-support/reference-runner";
import { startTestExplorer, type TestExplorer } from "./test-support/test-explorer";

// Baseline: TTFT 60 ms, 100 tokens/s. The fast submission: TTFT 15 ms, 200 tokens/s. Slow enough that the
// 16 tokens span 75–150 ms, so timer jitter on a loaded machine stays a small part of the measured rate.
const BASELINE = "normal_t60_r100";
const MODES = {
  fast: "normal_t15_r200",
  nearTie: "near-tie_t15_r800",
  far: "far-divergence_t15_r800",
  nonGreedy: "non-greedy_t15_r800",
  speedMismatch: "speed-mismatch_t15_r800",
  slowStart: "slow-start",
  crash: "crash",
  malformed: "malformed-sse",
  stall: "stall",
  ignoreMax: "ignore-max-tokens",
  wrongModel: "wrong-model",
  flipTie: "flip-tie_t15_r800",
  timedGarbage: "timed-garbage_t15_r800",
  tieThenFiller: "tie-then-filler_t15_r800",
  earlyStop: "early-stop_t15_r800",
  otherWeights: "other-weights_t15_r800",
  // The proof of concept of issue #28: checked, honest but for a claimed near tie at token 0; timed, two
  // chunks 5 ms apart with no delay before the first.
  claimedTieBurst: "claimed-tie-burst_t0_r200",
} as const;
type ModeName = keyof typeof MODES;
// The timed servers run alone; the fault modes then run in parallel groups (their outcomes do not depend
// on timing), which keeps the suite short.
const TIMED: ModeName[] = ["fast", "nearTie"];
const GROUPS: ModeName[][] = [
  ["far", "nonGreedy", "speedMismatch"],
  ["slowStart", "crash", "malformed"],
  ["stall", "ignoreMax", "wrongModel"],
  ["flipTie", "timedGarbage", "tieThenFiller"],
  ["earlyStop", "otherWeights", "claimedTieBurst"],
];

const apis: TestExplorer[] = [];
let dir: string;
const runs = new Map<string, RunV1>();
/** The same servers judged with V1's first-divergence verification. */
const v1Runs = new Map<string, RunV1>();
const V1_MODES: ModeName[] = ["speedMismatch", "claimedTieBurst", "flipTie"];

async function evaluate(
  modes: ModeName[],
  name: string,
  params: ProtocolParams = TEST_PARAMS,
  into: Map<string, RunV1> = runs,
): Promise<TestExplorer> {
  // An explorer of its own: the groups run side by side, each runner seeing only its group's jobs.
  const api = await startTestExplorer();
  apis.push(api);
  for (const mode of modes) await api.addJob(`local/reference:${MODES[mode]}`);
  const { runner } = createTestRunner({
    explorer: api,
    spoolDir: path.join(dir, `spool-${name}`),
    // Shared: the timed group measures the baseline once and the others read it from the cache.
    cacheDir: path.join(dir, "cache"),
    baselineTag: BASELINE,
    params,
  });
  const { remaining } = await runner.runOnce();
  expect(remaining).toBe(0);
  for (const run of api.runs) into.set(run.submission.image.split(":")[1] as string, run);
  return api;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "cacheon-e2e-"));
  await evaluate(TIMED, "timed");
  await Promise.all([
    ...GROUPS.map((group, i) => evaluate(group, `group${i}`)),
    evaluate(V1_MODES, "v1", { ...TEST_PARAMS, verification: "first-divergence" }, v1Runs),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all(apis.map((a) => a.close()));
  await rm(dir, { recursive: true, force: true });
});

const runOf = (mode: ModeName): RunV1 => {
  const run = runs.get(MODES[mode]);
  if (run === undefined) throw new Error(`no run posted for ${mode}`);
  return run;
};

describe("runner end to end (process driver, reference server)", () => {
  it("posts one signed, schema-valid run per job, each stored at the first post", () => {
    expect(runs.size).toBe(Object.keys(MODES).length);
    expect(apis.flatMap((a) => a.runAnswers).every((s) => s === 201)).toBe(true);
  });

  it("scores a faster correct server, with measurements near the configured speeds", () => {
    const run = runOf("fast");
    expect(run.outcome).toBe("scored");
    expect(run.prompts).toHaveLength(10);
    expect(run.summary).toMatchObject({ correctnessPassed: true, tokenMatchRate: 1 });
    // Generous tolerances: the reference server's timers and a loaded CI machine both add latency.
    expect(run.summary.medianTtftMs).toBeGreaterThanOrEqual(15);
    expect(run.summary.medianTtftMs).toBeLessThan(15 + 30);
    expect(run.summary.medianThroughputTps).toBeGreaterThan(200 * 0.7);
    expect(run.summary.medianThroughputTps).toBeLessThan(200 * 1.3);
    expect(run.baseline.medianTtftMs).toBeGreaterThanOrEqual(60);
    expect(run.baseline.medianTtftMs).toBeLessThan(60 + 30);
    expect(run.baseline.medianThroughputTps).toBeGreaterThan(100 * 0.7);
    expect(run.baseline.medianThroughputTps).toBeLessThan(100 * 1.3);
    expect(run.summary.score).toBeGreaterThan(0.3);
    for (const p of run.prompts) {
      expect(p).toMatchObject({ outputTokens: 16, passed: true, divergence: null });
      expect(p.itlMs.p99).toBeGreaterThan(0);
      expect(p.e2eMs).toBeGreaterThan(p.ttftMs);
    }
  });

  it("reports every phase as a progress event, in order", () => {
    const timed = apis[0] as TestExplorer;
    const runId = runOf("fast").runId;
    const own = timed.progress.filter((p) => p.runId === runId && !p.event.detail.startsWith("baseline:"));
    const phases = own.filter((p) => p.event.promptIndex === undefined).map((p) => p.event.phase);
    // Each prompt-sending phase ends on its last prompt (earlier ones may be superseded while waiting).
    const lastPrompt = (phase: string) =>
      own.filter((p) => p.event.phase === phase && p.event.promptIndex).at(-1);
    for (const phase of ["warmup", "benchmark", "correctness"]) {
      const event = lastPrompt(phase)?.event;
      expect(event?.promptIndex, phase).toBeGreaterThan(0);
      expect(event?.promptIndex, phase).toBe(event?.promptCount);
    }
    expect(phases).toEqual([
      ...RUN_PHASES.slice(0, RUN_PHASES.indexOf("uploading")),
      // The verification session: the baseline's start, then the timed outputs under it.
      "correctness",
      "correctness",
      "uploading",
    ]);
    const details = timed.progress.filter((p) => p.runId === runId).map((p) => p.event.detail);
    expect(details.filter((d) => d.startsWith("verification:"))).toHaveLength(2);
    // Both timed jobs were measured first, then verified in one baseline session.
    expect(details).toContain("verification: starting the baseline (one session for 2 jobs)");
    expect(timed.leases.map((l) => l.submissionId)).toHaveLength(2);
  });

  it("lets a near-tie divergence through the gate and records it", () => {
    const run = runOf("nearTie");
    expect(run.outcome).toBe("scored");
    expect(run.prompts.every((p) => p.divergence?.position === 3 && p.passed)).toBe(true);
    expect(run.summary.tokenMatchRate).toBeLessThan(1);
  });

  it.each([
    ["far", "correctness_failed", "logprob_gap"],
    ["nonGreedy", "correctness_failed", "non_greedy"],
    ["slowStart", "health_timeout", "/health"],
    ["crash", "container_crashed", "exited"],
    ["malformed", "api_noncompliant", "not JSON"],
    ["stall", "prompt_timeout", "no complete response"],
    ["ignoreMax", "api_noncompliant", "max_tokens"],
    ["wrongModel", "api_noncompliant", "model"],
  ] as const)("fails %s as %s", (mode, reason, words) => {
    const run = runOf(mode);
    expect(run.outcome === "failed" && run.failure.reason).toBe(reason);
    expect(run.outcome === "failed" && run.failure.message).toContain(words);
    expect(run.summary.score).toBe(0);
  });

  it("scores an honest server whose near-tie choices differ between its passes, every token verified", () => {
    const run = runOf("flipTie");
    expect(run.outcome).toBe("scored");
    expect(run.verification).toBe("full");
    expect(run.summary).toMatchObject({ correctnessPassed: true, tokenMatchRate: 1 });
    for (const p of run.prompts)
      expect(p).toMatchObject({ verifiedTokens: 16, verification: null, passed: true });
  });

  it("records the verification mode and each prompt's verified token count on a scored run", () => {
    const run = runOf("fast");
    expect(run.verification).toBe("full");
    expect(run.prompts.every((p) => p.verifiedTokens === 16 && p.verification === null)).toBe(true);
  });

  it.each(["timedGarbage", "tieThenFiller", "earlyStop", "otherWeights", "claimedTieBurst"] as const)(
    "fails the cheat %s as unverified_output, with the position, the token and the baseline's top-5",
    (mode) => {
      const run = runOf(mode);
      expect(run.outcome === "failed" && run.failure.reason).toBe("unverified_output");
      expect(run.summary).toMatchObject({ score: 0, correctnessPassed: false });
      const failed = run.prompts.filter((p) => p.verification != null);
      expect(failed.length).toBeGreaterThan(0);
      for (const p of failed) {
        expect(p.passed).toBe(false);
        expect(p.verification?.baselineTop5).toHaveLength(5);
        expect(p.verification?.baselineTop5.map((t) => t.token)).not.toContain(p.verification?.token);
      }
    },
  );

  it("catches the early stop at the stop position, on the end-of-turn token", () => {
    const run = runOf("earlyStop");
    for (const p of run.prompts)
      expect(p).toMatchObject({ verifiedTokens: 3, verification: { position: 3, token: "<|im_end|>" } });
  });

  it("lets the first-divergence gate pass the cheats that lie about their logprobs: only verification fails them", () => {
    for (const mode of ["tieThenFiller", "otherWeights", "claimedTieBurst"] as const) {
      const run = runOf(mode);
      expect(
        run.prompts.every((p) => p.divergence === null || p.divergence.baselineTokenLogprob !== null),
      ).toBe(true);
      expect(run.outcome === "failed" && run.failure.reason).toBe("unverified_output");
    }
  });

  it("scores a timed output that takes a near tie the server misreported: the baseline model allows it", () => {
    // speed-mismatch emits the true runner-up at token 3 when timed; the baseline finds it within 0.5.
    expect(runOf("speedMismatch")).toMatchObject({ outcome: "scored", verification: "full" });
  });

  it("with first-divergence verification (V1), crowns the proof of concept and refuses what full verification allows", () => {
    const poc = v1Runs.get(MODES.claimedTieBurst);
    expect(poc).toMatchObject({ outcome: "scored", verification: "first-divergence" });
    expect(poc?.summary.score).toBeGreaterThan(1);
    expect(poc?.prompts.every((p) => p.verifiedTokens === undefined)).toBe(true);
    for (const mode of ["speedMismatch", "flipTie"] as const) {
      const run = v1Runs.get(MODES[mode]);
      expect(run?.outcome === "failed" && run.failure.reason).toBe("speed_pass_mismatch");
    }
  });

  it("scores the proof of concept 0 with full verification", () => {
    const run = runOf("claimedTieBurst");
    expect(run.summary.score).toBe(0);
    expect(run.outcome === "failed" && run.failure.reason).toBe("unverified_output");
  });

  it("attaches the server's log tail to a failure", () => {
    const run = runOf("crash");
    expect(run.outcome === "failed" && run.failure.logTail).toContain("reference server listening");
  });

  it("leaves nothing in the spools once delivered", async () => {
    for (const name of ["timed", "v1", ...GROUPS.map((_, i) => `group${i}`)])
      expect(await readdir(path.join(dir, `spool-${name}`, "pending"))).toEqual([]);
  });
});
