import { listEvaluationsInFlight } from "@/db/queries/evaluations";
import { RUN_PHASES } from "@/lib/protocol/run-schema";
import { evaluationSchema, type EvaluationsQuery, type EvaluationsResponse } from "@/lib/schemas/evaluations";
import { DEFAULT_LEASE_MS } from "@/server/api/signed-route";
import type { ReadContext } from "./context";

/** A runner reports at least every prompt and renews its lease within this time: silent longer, it is gone. */
const SILENT_AFTER_MS = DEFAULT_LEASE_MS;

const iso = (t: Date | string) => new Date(t).toISOString();

/** GET /api/v1/evaluations: runs in flight, each at its latest progress event (prompt k of N where given). */
export async function readEvaluations(
  ctx: ReadContext,
  query: EvaluationsQuery,
): Promise<EvaluationsResponse> {
  const rows = await listEvaluationsInFlight(ctx.database.db, {
    netuid: ctx.netuid,
    since: new Date(ctx.now.getTime() - SILENT_AFTER_MS),
    submissionId: query.submission,
  });
  const evaluations = rows.map((r) =>
    evaluationSchema.parse({
      runId: r.run_id,
      submissionId: r.submission_id === null ? null : Number(r.submission_id),
      submission:
        r.uid === null || r.hotkey === null || r.image === null
          ? null
          : { uid: r.uid, hotkey: r.hotkey, image: r.image },
      validator: { hotkey: r.validator_hotkey, uid: r.validator_uid },
      phase: RUN_PHASES.find((p) => p === r.phase) ?? "pulling",
      detail: r.detail,
      promptIndex: r.prompt_index,
      promptCount: r.prompt_count,
      startedAt: iso(r.started_at),
      updatedAt: iso(r.updated_at),
    }),
  );
  return { phases: [...RUN_PHASES], silentAfterSeconds: SILENT_AFTER_MS / 1000, evaluations };
}
