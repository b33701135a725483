import { getDatabase } from "@/db/instance";
import { getKingView } from "@/db/queries/king";
import { loadEnv } from "@/env";
import { route } from "@/server/api/route";

export const dynamic = "force-dynamic";

// GET /api/v1/king – the reigning submission and the live margin
export const GET = route(async () => {
  const env = loadEnv();
  const { db } = await getDatabase();
  return Response.json(await getKingView(db, { netuid: env.NETUID, network: env.NETWORK, now: new Date() }));
});
