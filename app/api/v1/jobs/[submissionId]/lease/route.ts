import { z } from "zod";
import { getSubmissionOfSubnet, hasCountedRun, upsertLease } from "@/db/queries/jobs";
import { ApiError } from "@/lib/schemas/errors";
import { signedRoute } from "@/server/api/signed-route";
import { leaseBodySchema, type LeaseResponse } from "@/lib/schemas/jobs";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({
  submissionId: z
    .string()
    .regex(/^[1-9][0-9]{0,14}$/, "must be a submission id (a positive integer)")
    .transform(Number),
});

// POST /api/v1/jobs/{submissionId}/lease – a validator claims a job, or renews its claim, for a lease period
export const POST = signedRoute({
  params: paramsSchema,
  body: leaseBodySchema,
  handle: async ({ db, hotkey, now, params, settings }) => {
    const { submissionId } = params;
    const submission = await getSubmissionOfSubnet(db, settings.netuid, submissionId);
    if (submission === null) {
      throw new ApiError("not_found", `No submission ${submissionId} on subnet ${settings.netuid}.`);
    }
    // A runner_error run does not count (it says nothing about the miner), so such a job can be leased again.
    if (await hasCountedRun(db, submissionId, hotkey)) {
      throw new ApiError(
        "conflict",
        `Submission ${submissionId} is already evaluated by ${hotkey}; a validator evaluates a submission once.`,
      );
    }
    const lease = await upsertLease(db, {
      submissionId,
      hotkey,
      now,
      expiresAt: new Date(now.getTime() + settings.leaseMs),
    });
    const body: LeaseResponse = {
      submissionId,
      leasedAt: lease.leasedAt.toISOString(),
      expiresAt: lease.expiresAt.toISOString(),
    };
    return Response.json(body);
  },
});
