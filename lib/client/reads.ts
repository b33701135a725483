import type { EmissionsResponse } from "@/lib/schemas/emissions";
import type { EvaluationsResponse } from "@/lib/schemas/evaluations";
import type { KingResponse } from "@/lib/schemas/king";
import type { KingsResponse } from "@/lib/schemas/kings";
import type { MinerResponse } from "@/lib/schemas/miners";
import type { Status } from "@/lib/schemas/status";
import type { SubmissionDetail } from "@/lib/schemas/submission-detail";
import type { SubmissionsResponse } from "@/lib/schemas/submissions";
import type { ValidatorsResponse } from "@/lib/schemas/validators";
import { queryString } from "./api";

// The reads a page shows, by route (as app/api's folders spell it) and what each answers: one map for the
// browser's useApi and the server's prefetch, which calls the read model (server/read) with the same read.

export interface ApiReads {
  "/api/v1/emissions": EmissionsResponse;
  "/api/v1/evaluations": EvaluationsResponse;
  "/api/v1/king": KingResponse;
  "/api/v1/kings": KingsResponse;
  "/api/v1/miners/[hotkey]": MinerResponse;
  "/api/v1/status": Status;
  "/api/v1/submissions": SubmissionsResponse;
  "/api/v1/submissions/[id]": SubmissionDetail;
  "/api/v1/validators": ValidatorsResponse;
}

export type ReadRoute = keyof ApiReads;

type ParamNames<P extends string> = P extends `${string}[${infer Name}]${infer Rest}`
  ? Name | ParamNames<Rest>
  : never;

/** A route's path parameters, as strings (a URL carries nothing else); of several routes, any one's. */
export type ReadParams<R extends ReadRoute> = R extends ReadRoute
  ? { readonly [Name in ParamNames<R>]: string }
  : never;

/** A query string's values; undefined, null and "" are left out. */
export type ReadQueryInput = Readonly<Record<string, string | number | undefined | null>>;

export interface ApiRead<R extends ReadRoute = ReadRoute> {
  readonly route: R;
  readonly params: ReadParams<R>;
  /** The query string's parameters, as the route's schema reads them. */
  readonly query: Readonly<Record<string, string>>;
  /** The path with its query string: what the browser fetches and the cache key both sides use. */
  readonly path: string;
}

type ReadArgs<R extends ReadRoute> = [ParamNames<R>] extends [never]
  ? [params?: ReadParams<R>, query?: ReadQueryInput]
  : [params: ReadParams<R>, query?: ReadQueryInput];

/** One read: `apiRead("/api/v1/submissions/[id]", { id: "7" })`, `apiRead("/api/v1/kings", {}, { limit: 1 })`. */
export function apiRead<R extends ReadRoute>(route: R, ...[params, input]: ReadArgs<R>): ApiRead<R> {
  const names = (params ?? {}) as Readonly<Record<string, string>>;
  const pathname = route.replace(/\[([A-Za-z_][A-Za-z0-9_]*)\]/g, (_, name: string) => {
    const value = names[name];
    if (value === undefined) throw new Error(`apiRead ${route}: no value for [${name}]`);
    return encodeURIComponent(value);
  });
  const search = queryString(input ?? {});
  return {
    route,
    params: (params ?? {}) as ReadParams<R>,
    query: Object.fromEntries(new URLSearchParams(search)),
    path: `${pathname}${search}`,
  };
}
