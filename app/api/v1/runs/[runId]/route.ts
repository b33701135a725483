import { route } from "@/server/api/route";
import { readContext } from "@/server/read/context";
import { readRun } from "@/server/read/run";

export const dynamic = "force-dynamic";

// GET /api/v1/runs/{runId} – one run as the validator posted it, plus what the server derived from it
export const GET = route(async (_request: Request, { params }: { params: Promise<{ runId: string }> }) =>
  Response.json(await readRun(await readContext(), await params)),
);
