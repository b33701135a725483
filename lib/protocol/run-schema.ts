import { z } from "zod";

import { RUN_FAILURE_REASONS } from "./failure-reasons";
import { VERIFICATIONS } from "./params";

// `cacheon.run.v1` as api.md defines it. Objects are strict (an unknown key is an error, so a typo cannot
// silently drop a measurement); physical quantities are finite and non-negative (zod 4 numbers reject
// Infinity and NaN).

export const RUN_PHASES = [
  "pulling",
  "starting",
  "health",
  "warmup",
  "benchmark",
  "correctness",
  "uploading",
] as const;

const LOG_TAIL_MAX_BYTES = 64 * 1024;
// A prefix-42 address of a 32-byte key is 48 base58 characters starting with "5"; the API checks the checksum
// when it compares the validator with Epistula-Signed-By.
const hotkey = z.string().regex(/^5[1-9A-HJ-NP-Za-km-z]{47}$/, "expected an SS58 address with prefix 42");
const digest = z.string().regex(/^sha256:[0-9a-f]{64}$/, "expected sha256: + 64 lowercase hex");
const hex32 = z.string().regex(/^[0-9a-f]{64}$/, "expected 64 lowercase hex");
const blockNumber = z.number().int().nonnegative();
// Token counts and prompt indexes are stored as 32-bit integers: a bigger one is a bad body (400), not a failed
// insert (500). No real run comes near it (a prompt is at most tens of thousands of tokens).
const INT32_MAX = 2_147_483_647;
const count = z.number().int().nonnegative().max(INT32_MAX);
const amount = z.number().nonnegative();
const logprob = z.number().nonpositive();
// Postgres text and jsonb cannot hold U+0000, and a lone surrogate is not Unicode (jsonb refuses it, text would
// silently turn it into U+FFFD): a string with either is a bad body (400), never a failed insert (500).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const storable = (s: string): boolean => !s.includes("\u0000") && !LONE_SURROGATE.test(s);
const STORABLE = "must be Unicode text without NUL characters or lone surrogates";
// ISO 8601 allows the year 0000, which Postgres (no year 0) cannot store: refused as a bad body, not a 500.
const time = z.iso
  .datetime()
  .refine((s) => !s.startsWith("0000-"), "must be a time in the year 0001 or later");
const text = (max: number) => z.string().max(max).refine(storable, STORABLE);
const label = z.string().min(1).max(256).refine(storable, STORABLE);
const utf8Bytes = (s: string): number => new TextEncoder().encode(s).length;

const topLogprob = z.strictObject({ token: text(1024), logprob });

const divergence = z.strictObject({
  position: count,
  baselineToken: text(1024),
  minerToken: text(1024),
  baselineTokenLogprob: logprob.nullable(),
  minerTokenLogprob: logprob.nullable(),
  minerTop5: z.array(topLogprob).max(5),
});

/** Where the timed output left the baseline model: the first token that failed verification. */
const verification = z.strictObject({
  position: count,
  token: text(1024),
  baselineTop5: z.array(topLogprob).max(5),
});

const prompt = z.strictObject({
  index: count,
  promptSha256: hex32,
  inputTokens: count,
  outputTokens: count,
  ttftMs: amount,
  throughputTps: amount,
  e2eMs: amount,
  itlMs: z.strictObject({ p50: amount, p90: amount, p99: amount }),
  comparedTokens: count,
  matchedTokens: count,
  passed: z.boolean(),
  divergence: divergence.nullable(),
  /** The timed output's token count under the baseline's tokenizer (full verification only). */
  verifiedTokens: count.optional(),
  /** Present on a prompt that failed verification (`unverified_output`). */
  verification: verification.nullable().optional(),
});

const baseline = z.strictObject({
  engine: label,
  version: label,
  image: text(1024).min(1),
  medianTtftMs: amount,
  medianThroughputTps: amount,
  prompts: z
    .array(z.strictObject({ index: count, ttftMs: amount, throughputTps: amount, outputTokens: count }))
    .max(1000),
});

const summary = z.strictObject({
  medianTtftMs: amount,
  medianThroughputTps: amount,
  tokenMatchRate: z.number().min(0).max(1),
  correctnessPassed: z.boolean(),
  ttftImprovement: z.number().min(0).max(1),
  throughputImprovement: amount,
  score: amount,
});

export const failureSchema = z.strictObject({
  reason: z.enum(RUN_FAILURE_REASONS),
  message: text(4096),
  stage: z.enum(RUN_PHASES),
  logTail: z
    .string()
    .refine((s) => utf8Bytes(s) <= LOG_TAIL_MAX_BYTES, `logTail must be at most ${LOG_TAIL_MAX_BYTES} bytes`)
    .refine(storable, STORABLE),
});

const common = z.strictObject({
  schema: z.literal("cacheon.run.v1"),
  runId: z.uuid(),
  // Any subnet: the API checks it against the netuid it follows (a devnet may use another).
  netuid: z.number().int().min(0).max(65535),
  submission: z.strictObject({ hotkey, image: text(1024).min(1), digest, commitBlock: blockNumber }),
  validator: z.strictObject({ hotkey }),
  runner: z.strictObject({
    version: label,
    gpu: z.strictObject({ model: label, count: z.number().int().positive(), driver: label }),
    host: label,
  }),
  seed: z.strictObject({
    block: blockNumber,
    blockHash: z.string().regex(/^0x[0-9a-f]{64}$/, "expected 0x + 64 lowercase hex"),
    /** The identity of the corpus the prompts were built from; absent from runs of older runners. */
    corpusSha256: hex32.optional(),
  }),
  startedAt: time,
  finishedAt: time,
  baseline,
  /** How the timed output was verified; a run that omits it predates verification (V1, first-divergence). */
  verification: z.enum(VERIFICATIONS).optional(),
  prompts: z.array(prompt).max(1000),
  summary,
});

// `failure` is present exactly when the outcome is failed: the scored variant, being strict, rejects it.
export const runV1Schema = z
  .discriminatedUnion("outcome", [
    common.extend({ outcome: z.literal("scored") }),
    common.extend({ outcome: z.literal("failed"), failure: failureSchema }),
  ])
  .superRefine((run, ctx) => {
    if (Date.parse(run.finishedAt) < Date.parse(run.startedAt)) {
      ctx.addIssue({ code: "custom", path: ["finishedAt"], message: "finishedAt is before startedAt" });
    }
    // The claims that link figures to one another (duplicate indexes, a failed run's score…) are the API's
    // 422s (lib/protocol/run-checks.ts), not the shape's.
    run.prompts.forEach((p, i) => {
      if (p.matchedTokens > p.comparedTokens) {
        ctx.addIssue({
          code: "custom",
          path: ["prompts", i, "matchedTokens"],
          message: "more matched than compared tokens",
        });
      }
      if (p.verification != null && p.passed)
        ctx.addIssue({
          code: "custom",
          path: ["prompts", i, "passed"],
          message: "a prompt whose timed output failed verification did not pass",
        });
      if (
        p.verification != null &&
        p.verifiedTokens !== undefined &&
        p.verification.position > p.verifiedTokens
      )
        ctx.addIssue({
          code: "custom",
          path: ["prompts", i, "verification", "position"],
          message: "the failed position lies beyond the verified tokens (at most the stop position)",
        });
      if (p.verifiedTokens !== undefined && run.verification !== "full")
        ctx.addIssue({
          code: "custom",
          path: ["prompts", i, "verifiedTokens"],
          message: 'verifiedTokens is only reported with verification "full"',
        });
    });
    if (run.outcome === "scored") {
      if (run.prompts.length === 0)
        ctx.addIssue({ code: "custom", path: ["prompts"], message: "a scored run has prompts" });
      if (!run.summary.correctnessPassed || run.prompts.some((p) => !p.passed)) {
        ctx.addIssue({
          code: "custom",
          path: ["outcome"],
          message: "a run with a failing prompt is failed, not scored",
        });
      }
    }
  });

export type RunV1 = z.infer<typeof runV1Schema>;
export type RunFailure = z.infer<typeof failureSchema>;
export type PromptVerificationFailure = z.infer<typeof verification>;
export type RunPhase = (typeof RUN_PHASES)[number];

/** The phases that send prompts, one at a time: only their progress events may say which prompt. */
export const PROMPT_PHASES: readonly RunPhase[] = ["warmup", "benchmark", "correctness"];

export const progressEventSchema = z
  .strictObject({
    phase: z.enum(RUN_PHASES),
    detail: text(4096),
    at: time,
    /** The prompt being sent, counting from 1 within this phase: prompt k of promptCount. */
    promptIndex: count.min(1).optional(),
    /** How many prompts this phase sends. */
    promptCount: count.min(1).optional(),
  })
  .superRefine((event, ctx) => {
    const { promptIndex, promptCount } = event;
    if ((promptIndex === undefined) !== (promptCount === undefined))
      ctx.addIssue({
        code: "custom",
        path: [promptIndex === undefined ? "promptIndex" : "promptCount"],
        message: "promptIndex and promptCount come together",
      });
    else if (promptIndex !== undefined && promptCount !== undefined) {
      if (!PROMPT_PHASES.includes(event.phase))
        ctx.addIssue({
          code: "custom",
          path: ["promptIndex"],
          message: `only ${PROMPT_PHASES.join(", ")} send prompts`,
        });
      if (promptIndex > promptCount)
        ctx.addIssue({ code: "custom", path: ["promptIndex"], message: "promptIndex is past promptCount" });
    }
  });

export type ProgressEvent = z.infer<typeof progressEventSchema>;
