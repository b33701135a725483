import { loadStatus } from "@/app/_server/status";
import { route } from "@/lib/api/route";

export const dynamic = "force-dynamic";

// GET /api/v1/status – chain connection, ingest progress, database and counts
export const GET = route(async () => Response.json(await loadStatus()));
