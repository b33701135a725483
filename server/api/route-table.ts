// The API's routing table as app/api's folders spell it (`/api/v1/jobs/[submissionId]/lease`): one matcher for
// the production server's API front (server/api-front.ts).

export const ROUTE_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type RouteMethod = (typeof ROUTE_METHODS)[number];
export type RouteContext = { params: Promise<Record<string, string>> };
type Answer = Promise<Response> | Response;
/**
 * A route.ts module: its exported method handlers (Next.js's route-handler convention). Declared as methods so a
 * handler typed for its own params (`{ id: string }`) fits: the folder pattern is what guarantees them.
 */
export interface RouteModule {
  GET?(request: Request, context: RouteContext): Answer;
  HEAD?(request: Request, context: RouteContext): Answer;
  POST?(request: Request, context: RouteContext): Answer;
  PUT?(request: Request, context: RouteContext): Answer;
  PATCH?(request: Request, context: RouteContext): Answer;
  DELETE?(request: Request, context: RouteContext): Answer;
  OPTIONS?(request: Request, context: RouteContext): Answer;
}

type Segment = { readonly literal: string } | { readonly param: string };

export interface ApiRoute {
  readonly pattern: string;
  readonly segments: readonly Segment[];
  readonly module: RouteModule;
}

export interface ApiMatch {
  readonly route: ApiRoute;
  /** Path parameters, decoded, as Next.js hands them to a handler. */
  readonly params: Record<string, string>;
}

function parseSegments(pattern: string): Segment[] {
  return pattern
    .split("/")
    .filter((s) => s !== "")
    .map((s) => {
      const param = /^\[([A-Za-z_][A-Za-z0-9_]*)\]$/.exec(s);
      if (param) return { param: param[1] as string };
      if (/^[A-Za-z0-9._-]+$/.test(s)) return { literal: s };
      throw new Error(`route ${pattern}: only literal and [param] folders are served, not "${s}"`);
    });
}

/** The table, literal segments ranked before parameters position by position (as Next.js ranks them). */
export function routeTable(
  entries: readonly (readonly [pattern: string, module: RouteModule])[],
): ApiRoute[] {
  const routes = entries.map(([pattern, module]) => ({ pattern, segments: parseSegments(pattern), module }));
  const rank = (r: ApiRoute) => r.segments.map((s) => ("literal" in s ? "0" : "1")).join("");
  return routes.sort((a, b) => rank(a).localeCompare(rank(b)));
}

/**
 * The route a pathname names, with its decoded parameters; null when none does. A parameter that is not valid
 * percent-encoding is handed over as sent, for the handler's schema to refuse with a 400 that names it.
 */
export function matchRoute(routes: readonly ApiRoute[], pathname: string): ApiMatch | null {
  const parts = pathname.split("/").slice(1);
  for (const route of routes) {
    if (route.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let matched = true;
    for (let i = 0; i < parts.length && matched; i++) {
      const segment = route.segments[i] as Segment;
      const part = parts[i] as string;
      if ("literal" in segment) matched = segment.literal === part;
      else {
        if (part === "") return null;
        params[segment.param] = decodeSegment(part);
      }
    }
    if (matched) return { route, params };
  }
  return null;
}

function decodeSegment(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The methods a route answers, for `Allow`: GET brings HEAD, and OPTIONS is always answered. */
export function allowedMethods(module: RouteModule): string {
  const methods = new Set(ROUTE_METHODS.filter((m) => typeof module[m] === "function"));
  if (methods.has("GET")) methods.add("HEAD");
  methods.add("OPTIONS");
  return ROUTE_METHODS.filter((m) => methods.has(m)).join(", ");
}
