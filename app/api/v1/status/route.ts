import { readRoute } from "@/server/api/read-route";

export const dynamic = "force-dynamic";

// GET /api/v1/status – chain connection, ingest progress, database and counts
export const GET = readRoute("/api/v1/status");
