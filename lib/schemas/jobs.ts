import { z } from "zod";
import { submissionIdentity } from "./common";

// Requests and responses of the validators' job routes, shared by the handlers and the eval runner.

/** `GET /api/v1/jobs?limit=` (the query is not signed; only the empty body is). */
export const jobsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type JobsQuery = z.infer<typeof jobsQuerySchema>;

export const jobSchema = z.object({
  ...submissionIdentity,
  /** `image-without-tag@digest`: what the runner pulls. */
  pullRef: z.string(),
  commitBlock: z.number().int(),
  /**
   * The round's prompt seed, the same for every validator evaluating this submission, with the identity of the
   * corpus its prompts are built from (null while the protocol has not pinned one).
   */
  seed: z.object({ block: z.number().int(), blockHash: z.string(), corpusSha256: z.string().nullable() }),
  /** This validator's own unexpired lease on the job, if any (leases of other validators are not shown). */
  lease: z.object({ leasedAt: z.iso.datetime(), expiresAt: z.iso.datetime() }).nullable(),
});
export type Job = z.infer<typeof jobSchema>;

export const jobsResponseSchema = z.object({
  jobs: z.array(jobSchema),
  serverTime: z.iso.datetime(),
});
export type JobsResponse = z.infer<typeof jobsResponseSchema>;

/** `POST /api/v1/jobs/{submissionId}/lease` takes an empty body or `{}`. */
export const leaseBodySchema = z.strictObject({}).optional();

export const leaseResponseSchema = z.object({
  submissionId: z.number().int(),
  leasedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export type LeaseResponse = z.infer<typeof leaseResponseSchema>;
