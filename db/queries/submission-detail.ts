import { and, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { commitments, runs, submissions } from "../schema";
import { listPromptsOfRuns, RUN_COLUMNS } from "./run-rows";

/** One submission with its commitment, runs and prompts: three queries, whatever the number of runs. */
export async function getSubmissionRows(db: DbOrTx, netuid: number, id: number) {
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
  return found === undefined ? null : { ...found, runRows, prompts };
}
