import { and, desc, eq, sql } from "drizzle-orm";
import { IGNORED_REASON } from "@/lib/protocol/commitment";
import { finalitySchema, type CommitmentView, type SubmissionDetail } from "@/lib/schemas/submission-detail";
import type { DbOrTx } from "../client";
import { commitments, runs, submissions } from "../schema";
import { listPromptsOfRuns, RUN_COLUMNS, toRunView, verdictRunIds } from "./run-view";
import { bytesToHex, failureInfo, toSubmissionSummary } from "./views";

export function toCommitmentView(c: typeof commitments.$inferSelect): CommitmentView {
  let rawText: string | null;
  try {
    rawText = new TextDecoder("utf-8", { fatal: true }).decode(c.rawBytes);
  } catch {
    rawText = null;
  }
  const ignored = c.disposition === "ignored";
  return {
    id: c.id,
    source: c.source,
    commitBlock: c.commitBlock,
    observedBlock: c.observedBlock,
    rawHex: bytesToHex(c.rawBytes),
    rawText,
    parsed: c.parsed,
    disposition: c.disposition,
    reason: failureInfo(ignored ? "ignored" : c.parseError),
    message: ignored ? IGNORED_REASON : c.parseErrorMessage,
    submissionId: c.submissionId,
  };
}

/** One submission with its commitment, runs and prompts: three queries, whatever the number of runs. */
export async function getSubmissionDetail(
  db: DbOrTx,
  netuid: number,
  id: number,
): Promise<SubmissionDetail | null> {
  const runIds = db.select({ runId: runs.runId }).from(runs).where(eq(runs.submissionId, id));
  const [[found], runRows, prompts] = await Promise.all([
    db
      .select({ submission: submissions, commitment: commitments })
      .from(submissions)
      .leftJoin(commitments, eq(commitments.id, submissions.commitmentId))
      .where(and(eq(submissions.id, id), eq(submissions.netuid, netuid))),
    db
      .select(RUN_COLUMNS)
      .from(runs)
      .where(eq(runs.submissionId, id))
      .orderBy(desc(runs.anchorBlock), desc(runs.receivedAt), desc(runs.runId)),
    listPromptsOfRuns(db, sql`(${runIds})`),
  ]);
  if (!found) return null;
  const { submission, commitment } = found;
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
