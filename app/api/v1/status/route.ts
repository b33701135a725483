import { getDatabase } from "@/db/instance";
import { getStatus } from "@/db/queries/status";
import { loadEnv } from "@/env";
import { route } from "@/server/api/route";

export const dynamic = "force-dynamic";

// GET /api/v1/status – chain connection, ingest progress, database and counts
export const GET = route(async () => {
  const env = loadEnv();
  const database = await getDatabase();
  const status = await getStatus(database.db, {
    network: env.NETWORK,
    netuid: env.NETUID,
    endpoint: env.CHAIN_ENDPOINT,
    archiveEndpoint: env.CHAIN_ARCHIVE_ENDPOINT !== undefined,
    driver: database.driver,
    location: database.location,
    signedFor: env.EPISTULA_SIGNED_FOR,
    now: new Date(),
  });
  return Response.json(status);
});
