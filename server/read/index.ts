import type { ApiRead, ApiReads, ReadParams, ReadRoute } from "@/lib/client/reads";
import { emissionsQuerySchema } from "@/lib/schemas/emissions";
import { evaluationsQuerySchema } from "@/lib/schemas/evaluations";
import { kingsQuerySchema } from "@/lib/schemas/kings";
import { submissionsQuerySchema } from "@/lib/schemas/submissions";
import { validatorsQuerySchema } from "@/lib/schemas/validators";
import { parseQueryParams } from "@/server/api/query";
import { readContext, type ReadContext } from "./context";
import { readEmissions } from "./emissions";
import { readEvaluations } from "./evaluations";
import { readKing } from "./king";
import { readKings } from "./kings";
import { readMiner } from "./miner";
import { readStatus } from "./status";
import { readSubmission } from "./submission";
import { readSubmissions } from "./submissions";
import { readValidators } from "./validators";

// The read model: each read of lib/client/reads.ts answered from the database. The API's GET handlers and
// the pages' server prefetch both come here, so a page's first paint and its live refetch are one answer.

type Reader<R extends ReadRoute> = (
  ctx: ReadContext,
  params: ReadParams<R>,
  query: Readonly<Record<string, string>>,
) => Promise<ApiReads[R]>;

const READERS: { readonly [R in ReadRoute]: Reader<R> } = {
  "/api/v1/emissions": (ctx, _, query) => readEmissions(ctx, parseQueryParams(query, emissionsQuerySchema)),
  "/api/v1/evaluations": (ctx, _, query) =>
    readEvaluations(ctx, parseQueryParams(query, evaluationsQuerySchema)),
  "/api/v1/king": (ctx) => readKing(ctx),
  "/api/v1/kings": (ctx, _, query) => readKings(ctx, parseQueryParams(query, kingsQuerySchema)),
  "/api/v1/miners/[hotkey]": (ctx, params) => readMiner(ctx, params),
  "/api/v1/status": (ctx) => readStatus(ctx),
  "/api/v1/submissions": (ctx, _, query) =>
    readSubmissions(ctx, parseQueryParams(query, submissionsQuerySchema)),
  "/api/v1/submissions/[id]": (ctx, params) => readSubmission(ctx, params),
  "/api/v1/validators": (ctx, _, query) => {
    parseQueryParams(query, validatorsQuerySchema);
    return readValidators(ctx);
  },
};

/** Answers one read; throws the ApiError its route would answer (404 `not_found`, 400 `invalid_query`). */
export async function read<R extends ReadRoute>(
  request: Pick<ApiRead<R>, "route" | "params" | "query">,
  ctx?: ReadContext,
): Promise<ApiReads[R]> {
  const reader: Reader<R> = READERS[request.route];
  return reader(ctx ?? (await readContext()), request.params, request.query);
}
