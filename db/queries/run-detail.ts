import { and, eq } from "drizzle-orm";
import type { RunDetail } from "@/lib/schemas/run-detail";
import type { DbOrTx } from "../client";
import { runs, submissions } from "../schema";
import { listPromptsOfRuns, toRunView, verdictRunIds } from "./run-view";

function parseEnvelope(bytes: Uint8Array): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** One run as posted (its envelope parsed back) and as derived, in two queries; null when unknown. */
export async function getRunDetail(db: DbOrTx, netuid: number, runId: string): Promise<RunDetail | null> {
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
  if (!found) return null;
  const { envelope, ...run } = found.run;
  return {
    posted: parseEnvelope(envelope),
    derived: {
      submissionId: run.submissionId,
      submissionStatus: found.status,
      envelopeSha256: run.envelopeSha256,
      envelopeBytes: envelope.length,
      epistulaUuid: run.epistulaUuid,
      receivedAt: run.receivedAt.toISOString(),
      run: toRunView(run, prompts, found.consensusRuns, verdictRunIds(found.finality)),
    },
  };
}
