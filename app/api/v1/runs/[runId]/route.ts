import { getDatabase } from "@/db/instance";
import { getRunDetail } from "@/db/queries/run-detail";
import { loadEnv } from "@/env";
import { ApiError } from "@/lib/schemas/errors";
import { route } from "@/server/api/route";

export const dynamic = "force-dynamic";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// GET /api/v1/runs/{runId} – one run as the validator posted it, plus what the server derived from it
export const GET = route(async (_request: Request, { params }: { params: Promise<{ runId: string }> }) => {
  const { runId } = await params;
  const notFound = new ApiError(
    "not_found",
    `No run ${runId.slice(0, 64)} on this subnet; run ids are UUIDs.`,
  );
  // Checked before the query: the uuid column would reject anything else with a database error.
  if (!UUID.test(runId)) throw notFound;
  const { db } = await getDatabase();
  const detail = await getRunDetail(db, loadEnv().NETUID, runId.toLowerCase());
  if (detail === null) throw notFound;
  return Response.json(detail);
});
