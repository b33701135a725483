import { getDatabase } from "@/db/instance";
import { getMinerView } from "@/db/queries/miners";
import { loadEnv } from "@/env";
import { ApiError } from "@/lib/schemas/errors";
import { route } from "@/server/api/route";

export const dynamic = "force-dynamic";

// GET /api/v1/miners/{hotkey} – a hotkey's UID history, every commitment with its fate, and its submissions
export const GET = route(async (_request: Request, { params }: { params: Promise<{ hotkey: string }> }) => {
  const { hotkey } = await params;
  const { db } = await getDatabase();
  const { NETUID: netuid } = loadEnv();
  // Not validated as SS58 first: any string simply finds nothing, and the answer says what was looked for.
  const view = hotkey.length <= 64 ? await getMinerView(db, netuid, hotkey) : null;
  if (view === null) {
    throw new ApiError(
      "not_found",
      `No hotkey ${hotkey.slice(0, 64)} is known on subnet ${netuid}: no snapshot, commitment or submission has it.`,
    );
  }
  return Response.json(view);
});
