import { readRoute } from "@/server/api/read-route";

export const dynamic = "force-dynamic";

// GET /api/v1/evaluations – runs in flight, each at its latest progress event (prompt k of N where given)
export const GET = readRoute("/api/v1/evaluations");
