import { readRoute } from "@/server/api/read-route";

export const dynamic = "force-dynamic";

// GET /api/v1/submissions/{id} – one submission: commitment, verdict, every run and its correctness detail
export const GET = readRoute("/api/v1/submissions/[id]");
