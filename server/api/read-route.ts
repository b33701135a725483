import type { ApiReads, ReadParams, ReadRoute } from "@/lib/client/reads";
import { read } from "@/server/read";
import { route } from "./route";
import type { RouteContext } from "./route-table";

/**
 * The GET handler of a read route: the query and path parameters to the read model, its answer as JSON, or
 * as `csv(view)` when the query asks for `format=csv`.
 */
export function readRoute<R extends ReadRoute>(pattern: R, csv?: (view: ApiReads[R]) => Response) {
  return route(async (request: Request, context?: Partial<RouteContext>) => {
    const query = Object.fromEntries(new URL(request.url).searchParams);
    // The folder pattern guarantees the names; a route without parameters may be called without a context.
    const params = ((await context?.params) ?? {}) as ReadParams<R>;
    const view = await read({ route: pattern, params, query });
    return csv !== undefined && query.format === "csv" ? csv(view) : Response.json(view);
  });
}
