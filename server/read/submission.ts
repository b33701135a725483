import { getSubmissionRows } from "@/db/queries/submission-detail";
import { ApiError } from "@/lib/schemas/errors";
import { finalitySchema, type SubmissionDetail } from "@/lib/schemas/submission-detail";
import type { ReadContext } from "./context";
import { toRunView, verdictRunIds } from "./runs";
import { failureInfo, toCommitmentView, toSubmissionSummary } from "./views";

/** GET /api/v1/submissions/{id}: one submission with its commitment, verdict, every run and its detail. */
export async function readSubmission(ctx: ReadContext, { id }: { id: string }): Promise<SubmissionDetail> {
  const notFound = new ApiError(
    "not_found",
    `No submission ${id} on this subnet; ids are positive integers.`,
  );
  if (!/^[1-9][0-9]{0,15}$/.test(id) || !Number.isSafeInteger(Number(id))) throw notFound;
  const found = await getSubmissionRows(ctx.database.db, ctx.netuid, Number(id));
  if (found === null) throw notFound;
  const { submission, commitment, runRows, prompts } = found;
  const inVerdict = verdictRunIds(submission.finality);
  const runViews = runRows.map((r) => toRunView(r, prompts, submission.consensusRuns, inVerdict));
  const tail =
    runViews.find((r) => r.inVerdict && r.outcome === "failed" && r.logTail !== null) ??
    runViews.find((r) => r.logTail !== null);
  return {
    submission: {
      ...toSubmissionSummary(submission),
      pullRef: submission.pullRef,
      registrationBlock: submission.registrationBlock,
    },
    commitment: commitment === null ? null : toCommitmentView(commitment),
    verdict: {
      judgedAgainstId: submission.judgedAgainstId,
      judgedThreshold: submission.judgedThreshold,
      failure: failureInfo(submission.failureReason),
      // Written by the standings worker; a shape this version does not know is shown as not known yet.
      finality: finalitySchema.safeParse(submission.finality).data ?? null,
    },
    runs: runViews,
    logTail: tail?.logTail ?? null,
  };
}
