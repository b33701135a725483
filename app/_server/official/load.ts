import "server-only";
import { getDatabase } from "@/db/instance";
import { readOfficial, type OfficialView } from "@/server/read/official";
import { loadEnv } from "@/env";

/** The official view for one render (server components only). */
export async function loadOfficialView(): Promise<OfficialView> {
  const database = await getDatabase();
  return readOfficial(database.db, loadEnv().NETUID);
}
