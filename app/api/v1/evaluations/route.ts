import { getDatabase } from "@/db/instance";
import { listEvaluationsInFlight } from "@/db/queries/evaluations";
import { loadEnv } from "@/env";
import { parseQuery } from "@/server/api/query";
import { route } from "@/server/api/route";
import { DEFAULT_LEASE_MS } from "@/server/api/signed-route";
import { RUN_PHASES } from "@/lib/protocol/run-schema";
import { evaluationsQuerySchema, type EvaluationsResponse } from "@/lib/schemas/evaluations";

export const dynamic = "force-dynamic";

/** A runner reports at least every prompt and renews its lease within this time: silent longer, it is gone. */
const SILENT_AFTER_MS = DEFAULT_LEASE_MS;

// GET /api/v1/evaluations – runs in flight, each at its latest progress event (prompt k of N where given)
export const GET = route(async (request) => {
  const { submission } = parseQuery(request, evaluationsQuerySchema);
  const { db } = await getDatabase();
  const evaluations = await listEvaluationsInFlight(db, {
    netuid: loadEnv().NETUID,
    since: new Date(Date.now() - SILENT_AFTER_MS),
    submissionId: submission,
  });
  const body: EvaluationsResponse = {
    phases: [...RUN_PHASES],
    silentAfterSeconds: SILENT_AFTER_MS / 1000,
    evaluations,
  };
  return Response.json(body);
});
