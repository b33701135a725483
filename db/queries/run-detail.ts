import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { runs, submissions } from "../schema";
import { listPromptsOfRuns } from "./run-rows";

/** One run with its envelope, prompts and what its submission's verdict says of it; null when unknown. */
export async function getRunRows(db: DbOrTx, netuid: number, runId: string) {
  const [[found], prompts] = await Promise.all([
    db
      .select({
        run: runs,
        status: submissions.status,
        consensusRuns: submissions.consensusRuns,
        finality: submissions.finality,
      })
      .from(runs)
      .innerJoin(submissions, eq(submissions.id, runs.submissionId))
      .where(and(eq(runs.runId, runId), eq(submissions.netuid, netuid))),
    listPromptsOfRuns(db, [runId]),
  ]);
  return found === undefined ? null : { ...found, prompts };
}
