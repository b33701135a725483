import { getRunRows } from "@/db/queries/run-detail";
import { ApiError } from "@/lib/schemas/errors";
import type { RunDetail } from "@/lib/schemas/run-detail";
import type { ReadContext } from "./context";
import { toRunView, verdictRunIds } from "./runs";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

/** GET /api/v1/runs/{runId}: one run as the validator posted it (its envelope parsed back) and as derived. */
export async function readRun(ctx: ReadContext, { runId }: { runId: string }): Promise<RunDetail> {
  const notFound = new ApiError(
    "not_found",
    `No run ${runId.slice(0, 64)} on this subnet; run ids are UUIDs.`,
  );
  // Checked before the query: the uuid column would reject anything else with a database error.
  if (!UUID.test(runId)) throw notFound;
  const found = await getRunRows(ctx.database.db, ctx.netuid, runId.toLowerCase());
  if (found === null) throw notFound;
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
      run: toRunView(run, found.prompts, found.consensusRuns, verdictRunIds(found.finality)),
    },
  };
}
