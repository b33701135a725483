import { getDatabase } from "@/db/instance";
import { getSubmissionDetail } from "@/db/queries/submission-detail";
import { loadEnv } from "@/env";
import { ApiError } from "@/lib/schemas/errors";
import { route } from "@/server/api/route";

export const dynamic = "force-dynamic";

// GET /api/v1/submissions/{id} – one submission: commitment, verdict, every run and its correctness detail
export const GET = route(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const notFound = new ApiError(
    "not_found",
    `No submission ${id} on this subnet; ids are positive integers.`,
  );
  if (!/^[1-9][0-9]{0,15}$/.test(id) || !Number.isSafeInteger(Number(id))) throw notFound;
  const { db } = await getDatabase();
  const detail = await getSubmissionDetail(db, loadEnv().NETUID, Number(id));
  if (detail === null) throw notFound;
  return Response.json(detail);
});
