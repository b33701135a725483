import "server-only";
import { getDatabase } from "@/db/instance";
import { getOfficialView, type OfficialView } from "@/db/queries/official-view";
import { loadEnv } from "@/env";

/** The official view for one render (server components only). */
export async function loadOfficialView(): Promise<OfficialView> {
  const database = await getDatabase();
  return getOfficialView(database.db, loadEnv().NETUID);
}
