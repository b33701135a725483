import { z } from "zod";
import { block, failureInfoSchema, isoDateTime } from "./common";
import { submissionSummarySchema } from "./submissions";

// GET /api/v1/submissions/{id} – one submission with its commitment, verdict and every run.

export const divergenceSchema = z.object({
  position: z.number().int(),
  baselineToken: z.string(),
  minerToken: z.string(),
  baselineTokenLogprob: z.number().nullable(),
  minerTokenLogprob: z.number().nullable(),
  minerTop5: z.array(z.object({ token: z.string(), logprob: z.number() })),
});
export type Divergence = z.infer<typeof divergenceSchema>;

/** Where a prompt's timed output left the pinned baseline model (`unverified_output`). */
export const verificationFailureSchema = z.object({
  position: z.number().int(),
  token: z.string(),
  baselineTop5: z.array(z.object({ token: z.string(), logprob: z.number() })),
});
export type VerificationFailureView = z.infer<typeof verificationFailureSchema>;

export const runPromptSchema = z.object({
  index: z.number().int(),
  promptSha256: z.string(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  ttftMs: z.number(),
  throughputTps: z.number(),
  e2eMs: z.number(),
  itlMs: z.object({ p50: z.number(), p90: z.number(), p99: z.number() }),
  comparedTokens: z.number().int(),
  matchedTokens: z.number().int(),
  passed: z.boolean(),
  divergence: divergenceSchema.nullable(),
  /** The timed output's token count under the baseline's tokenizer; null without full verification. */
  verifiedTokens: z.number().int().nullable(),
  verification: verificationFailureSchema.nullable(),
});
export type RunPromptView = z.infer<typeof runPromptSchema>;

export const runViewSchema = z.object({
  runId: z.string(),
  validatorHotkey: z.string(),
  runnerVersion: z.string(),
  seedBlock: block,
  startedAt: isoDateTime,
  finishedAt: isoDateTime,
  receivedAt: isoDateTime,
  outcome: z.enum(["scored", "failed"]),
  failure: z
    .object({
      reason: failureInfoSchema.nullable(),
      code: z.string(),
      message: z.string(),
      stage: z.string(),
    })
    .nullable(),
  /** The newest finalized block the explorer had seen when it accepted the run. */
  anchorBlock: block,
  /** Its validator held a permit and stake > 0 at the anchor block; null until ingest reaches that block. */
  counted: z.boolean().nullable(),
  /** One of the runs the verdict was computed from. */
  inVerdict: z.boolean(),
  /** Accepted after the verdict became final: shown, but it changes nothing. */
  afterVerdict: z.boolean(),
  /** Whether its validator's latest run agrees with the verdict (null when not that run, or still open). */
  agrees: z.boolean().nullable(),
  summary: z.object({
    medianTtftMs: z.number(),
    medianThroughputTps: z.number(),
    tokenMatchRate: z.number(),
    correctnessPassed: z.boolean(),
    ttftImprovement: z.number(),
    throughputImprovement: z.number(),
    score: z.number(),
  }),
  baseline: z.object({ medianTtftMs: z.number().nullable(), medianThroughputTps: z.number().nullable() }),
  /** How the timed output was verified; "first-divergence" for a run that did not say (V1). */
  verification: z.enum(["full", "first-divergence"]),
  /** The sum of the prompts' verified token counts; null without full verification. */
  verifiedTokens: z.number().int().nullable(),
  /** The first prompt whose timed output failed verification, where it failed. */
  firstUnverified: verificationFailureSchema.extend({ promptIndex: z.number().int() }).nullable(),
  /** The first failing prompt's first divergence from the baseline (the correctness verdict's cause). */
  firstDivergence: divergenceSchema.extend({ promptIndex: z.number().int() }).nullable(),
  prompts: z.array(runPromptSchema),
  logTail: z.string().nullable(),
});
export type RunView = z.infer<typeof runViewSchema>;

export const commitmentViewSchema = z.object({
  id: z.number().int(),
  source: z.enum(["plain", "revealed"]),
  commitBlock: block,
  observedBlock: block,
  /** The committed bytes as 0x-hex, and as text when they are UTF-8. */
  rawHex: z.string(),
  rawText: z.string().nullable(),
  parsed: z
    .object({ image: z.string(), digest: z.string(), pullRef: z.string(), form: z.string() })
    .nullable(),
  disposition: z.string(),
  reason: failureInfoSchema.nullable(),
  message: z.string().nullable(),
  submissionId: z.number().int().nullable(),
});
export type CommitmentView = z.infer<typeof commitmentViewSchema>;

const stakeRao = z.string().regex(/^\d+$/);

/** How the verdict became final, or what a pending one waits for (protocol.md "Several validators"). */
export const finalitySchema = z.discriminatedUnion("status", [
  z.object({
    status: z.literal("final"),
    how: z.enum(["quorum", "timeout"]),
    block,
    quorum: z.number(),
    quorumStakeRao: stakeRao,
    activeStakeRao: stakeRao,
    countedRuns: z.array(z.object({ runId: z.string(), validatorHotkey: z.string(), stakeRao })),
    verdict: z.discriminatedUnion("status", [
      z.object({ status: z.literal("scored"), score: z.number() }),
      z.object({ status: z.literal("failed"), reason: z.string() }),
    ]),
    after: z.object({ anchorBlock: block, receivedAt: z.string(), runId: z.string() }),
    judgedBlock: block.nullable(),
    waitedForId: z.number().int().nullable(),
    waitUntilBlock: block.nullable(),
  }),
  z.object({
    status: z.literal("pending"),
    quorum: z.number(),
    quorumStakeRao: stakeRao,
    activeStakeRao: stakeRao,
    firstCountedBlock: block.nullable(),
    timeoutBlock: block.nullable(),
  }),
]);
export type FinalityView = z.infer<typeof finalitySchema>;

export const submissionDetailSchema = z.object({
  submission: submissionSummarySchema.extend({ pullRef: z.string(), registrationBlock: block }),
  commitment: commitmentViewSchema.nullable(),
  verdict: z.object({
    judgedAgainstId: z.number().int().nullable(),
    /** The score it had to exceed when judged; null when it was not compared. */
    judgedThreshold: z.number().nullable(),
    failure: failureInfoSchema.nullable(),
    /** How the verdict became final, or what it waits for; null before the standings first saw it. */
    finality: finalitySchema.nullable(),
  }),
  runs: z.array(runViewSchema),
  /** The most telling log tail: the newest counted failed run's, else the newest run's that has one. */
  logTail: z.string().nullable(),
});
export type SubmissionDetail = z.infer<typeof submissionDetailSchema>;
