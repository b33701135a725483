import { getDatabase } from "@/db/instance";
import { ApiError } from "@/lib/schemas/errors";
import { checkReadiness } from "@/server/api/readiness";
import { route } from "@/server/api/route";

export const dynamic = "force-dynamic";

// GET /api/ready – readiness: the database answers and is fully migrated; 503 `unavailable` with the reason
export const GET = route(async () => {
  const readiness = await checkReadiness(async () => (await getDatabase()).db);
  if (!readiness.ready) throw new ApiError("unavailable", `Not ready: ${readiness.reason}.`);
  return Response.json(
    { status: "ready", migrations: readiness.migrations },
    { headers: { "cache-control": "no-store" } },
  );
});
