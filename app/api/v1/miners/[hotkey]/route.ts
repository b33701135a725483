import { readRoute } from "@/server/api/read-route";

export const dynamic = "force-dynamic";

// GET /api/v1/miners/{hotkey} – a hotkey's UID history, every commitment with its fate, and its submissions
export const GET = readRoute("/api/v1/miners/[hotkey]");
