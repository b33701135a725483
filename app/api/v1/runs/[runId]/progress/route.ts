import { z } from "zod";
import { getRunOwner, getSoleActiveLease, insertProgress } from "@/db/queries/runs";
import { publishChange } from "@/db/notify";
import { ApiError } from "@/lib/schemas/errors";
import { signedRoute } from "@/server/api/signed-route";
import { postProgressBodySchema, type PostProgressResponse } from "@/lib/schemas/runs";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({
  runId: z.uuid("must be the run's UUID").transform((id) => id.toLowerCase()),
});

// POST /api/v1/runs/{runId}/progress – a runner reports the phase an evaluation has reached
export const POST = signedRoute({
  params: paramsSchema,
  body: postProgressBodySchema,
  handle: async ({ db, hotkey, now, params, body }) => {
    const { runId } = params;
    const owner = await getRunOwner(db, runId);
    if (owner !== null && owner.validatorHotkey !== hotkey) {
      throw new ApiError(
        "conflict",
        `Run ${runId} belongs to another validator; every evaluation needs its own new UUID as runId.`,
      );
    }
    // The body does not name the submission: take it from the run (posted or reported earlier), else from
    // this validator's only live lease, which is what a runner evaluating one job at a time holds.
    const submissionId = owner?.submissionId ?? (await getSoleActiveLease(db, hotkey, now));
    const stored = await db.transaction(async (tx) => {
      const row = await insertProgress(tx, {
        runId,
        submissionId,
        validatorHotkey: hotkey,
        phase: body.phase,
        detail: body.detail,
        promptIndex: body.promptIndex ?? null,
        promptCount: body.promptCount ?? null,
        at: new Date(body.at),
        receivedAt: now,
      });
      await publishChange(tx, { type: "progress", runId, submissionId, phase: body.phase });
      return row;
    });
    const response: PostProgressResponse = {
      id: stored.id,
      runId,
      submissionId,
      phase: body.phase,
      receivedAt: stored.receivedAt.toISOString(),
    };
    return Response.json(response, { status: 201 });
  },
});
