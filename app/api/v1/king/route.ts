import { readRoute } from "@/server/api/read-route";

export const dynamic = "force-dynamic";

// GET /api/v1/king – the reigning submission and the live margin
export const GET = readRoute("/api/v1/king");
