import { z } from "zod";
import { block, failureInfoSchema, formatParam, isoDateTime } from "./common";

// GET /api/v1/submissions – the leaderboard, its query string and its rows.

export const SUBMISSION_STATUSES = ["pending", "evaluating", "scored", "failed"] as const;
export const SUBMISSION_SORTS = ["score", "ttft", "throughput", "commitBlock", "tokenMatchRate"] as const;
export type SubmissionSort = (typeof SUBMISSION_SORTS)[number];
export type SortOrder = "asc" | "desc";

/** Better first: a lower TTFT is better, every other figure higher; commit block newest first. */
export const DEFAULT_ORDER: Record<SubmissionSort, SortOrder> = {
  score: "desc",
  ttft: "asc",
  throughput: "desc",
  commitBlock: "desc",
  tokenMatchRate: "desc",
};

export const submissionsQuerySchema = z
  .object({
    status: z.enum([...SUBMISSION_STATUSES, "ignored"]).optional(),
    // An empty search box submits `q=`: that means no filter, not an error.
    q: z
      .string()
      .trim()
      .max(200)
      .optional()
      .transform((q) => (q === "" ? undefined : q)),
    sort: z.enum(SUBMISSION_SORTS).optional(),
    order: z.enum(["asc", "desc"]).optional(),
    cursor: z.string().min(1).max(1000).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    format: formatParam,
  })
  .superRefine((q, ctx) => {
    if (q.status === "ignored" && q.sort !== undefined && q.sort !== "commitBlock") {
      ctx.addIssue({
        code: "custom",
        path: ["sort"],
        message: "ignored commitments are only sorted by commitBlock",
      });
    }
  });
export type SubmissionsQuery = z.infer<typeof submissionsQuerySchema>;

export const submissionSummarySchema = z.object({
  id: z.number().int(),
  hotkey: z.string(),
  uid: z.number().int(),
  image: z.string(),
  digest: z.string(),
  commitBlock: block,
  status: z.enum(SUBMISSION_STATUSES),
  /** The submission's standing in the king state machine (`king`, `ranked`, ...); null until judged. */
  standing: z.string().nullable(),
  score: z.number().nullable(),
  ttftImprovement: z.number().nullable(),
  throughputImprovement: z.number().nullable(),
  ttftMs: z.number().nullable(),
  throughputTps: z.number().nullable(),
  tokenMatchRate: z.number().nullable(),
  failureReason: z.string().nullable(),
  /** The earlier submission this one copies (`duplicate`); null otherwise. */
  duplicateOfId: z.number().int().nullable(),
  validatorsAgreeing: z.number().int(),
  validatorsTotal: z.number().int(),
  finalBlock: block.nullable(),
  finalAt: isoDateTime.nullable(),
  /** When the explorer stored it (its ingest, not the chain's clock): a feed's date for a new submission. */
  seenAt: isoDateTime,
});
export type SubmissionSummary = z.infer<typeof submissionSummarySchema>;

/** A commitment that did not become a submission: ignored (one per hotkey) or unparseable. */
export const ignoredCommitmentSchema = z.object({
  commitmentId: z.number().int(),
  hotkey: z.string(),
  uid: z.number().int().nullable(),
  commitBlock: block,
  source: z.enum(["plain", "revealed"]),
  disposition: z.enum(["ignored", "unparseable"]),
  reason: failureInfoSchema.nullable(),
  message: z.string().nullable(),
  image: z.string().nullable(),
  digest: z.string().nullable(),
  submissionId: z.number().int().nullable(),
});
export type IgnoredCommitment = z.infer<typeof ignoredCommitmentSchema>;

export const submissionsResponseSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("submissions"),
    items: z.array(submissionSummarySchema),
    nextCursor: z.string().nullable(),
  }),
  z.object({
    kind: z.literal("commitments"),
    items: z.array(ignoredCommitmentSchema),
    nextCursor: z.string().nullable(),
  }),
]);
export type SubmissionsResponse = z.infer<typeof submissionsResponseSchema>;
