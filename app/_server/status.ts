import "server-only";
import { getDatabase } from "@/db/instance";
import { getStatus } from "@/db/queries/status";
import { loadEnv } from "@/env";
import type { Status } from "@/lib/schemas/status";

/** The status as both the `/` page and `GET /api/v1/status` show it. */
export async function loadStatus(): Promise<Status> {
  const env = loadEnv();
  const database = await getDatabase();
  return getStatus(database.db, {
    network: env.NETWORK,
    netuid: env.NETUID,
    endpoint: env.CHAIN_ENDPOINT,
    driver: database.driver,
    location: database.location,
    now: new Date(),
  });
}
