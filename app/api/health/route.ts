import { route } from "@/server/api/route";

export const dynamic = "force-dynamic";

// GET /api/health – liveness: the process answers; cheap and without the database, so a slow database never
// gets a live instance restarted
export const GET = route(async () =>
  Response.json(
    { status: "ok", uptimeSeconds: Math.round(process.uptime()) },
    { headers: { "cache-control": "no-store" } },
  ),
);
