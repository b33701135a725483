import type { IncomingMessage, ServerResponse } from "node:http";
import { getRequestListener } from "@hono/node-server";
import compression from "compression";
import { ApiError } from "@/lib/schemas/errors";
import { errorResponse } from "@/server/api/route";
import {
  allowedMethods,
  matchRoute,
  type ApiMatch,
  type ApiRoute,
  type RouteMethod,
} from "@/server/api/route-table";
import { API_CSP, SECURITY_HEADERS } from "@/lib/security/headers";

// The production server answers /api/* itself: it calls the route modules of app/api (the same GET and POST
// exports `next dev` serves) through @hono/node-server's Node ⇄ fetch adapter instead of Next.js's request
// pipeline, whose own cost before a handler runs is many times a trivial handler's (the api row of npm run
// bench measures what is left).
// The folders of app/api stay the routing table (app/api/routes.ts lists them); what Next adds to an answer is added here too: the
// security headers and the API's CSP (next.config.ts), gzip, HEAD from GET, OPTIONS and 405 with `Allow`.
// Paths the table does not know (a trailing slash, a typo) go on to Next, which redirects or answers 404.

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Calls the route's handler for the method, or answers as Next.js does when the module has none. */
async function dispatch(match: ApiMatch, request: Request): Promise<Response> {
  const { module } = match.route;
  const method = request.method.toUpperCase() as RouteMethod;
  const handler = module[method] ?? (method === "HEAD" ? module.GET : undefined);
  if (handler) return handler(request, { params: Promise.resolve(match.params) });
  const headers = { allow: allowedMethods(module) };
  return new Response(null, { status: method === "OPTIONS" ? 204 : 405, headers });
}

// Event streams are flushed event by event; gzip would hold them back in its window. The middleware is typed
// for Express but touches only what Node's own request and response have.
type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
const compress = compression({
  filter: (req, res) =>
    !String(res.getHeader("content-type") ?? "").startsWith("text/event-stream") &&
    compression.filter(req, res),
}) as unknown as Middleware;

/**
 * Serves the API routes and hands every other request to `fallback` (the page cache in front of Next.js).
 * `onError` hears of anything a handler throws past its wrapper (route() and signedRoute() catch their own).
 */
export function withApiFront(
  routes: readonly ApiRoute[],
  fallback: NodeHandler,
  onError: (error: unknown) => void,
): NodeHandler {
  const matches = new WeakMap<object, ApiMatch>();
  const listener = getRequestListener(
    (request, { incoming }) => dispatch(matches.get(incoming) as ApiMatch, request),
    {
      // Next.js and the route code share this process's fetch classes; the adapter must not replace them.
      overrideGlobalObjects: false,
      errorHandler: (error) => {
        onError(error);
        const internal = new ApiError(
          "internal_error",
          "Something went wrong on our side; it has been logged.",
        );
        return errorResponse(internal, crypto.randomUUID());
      },
    },
  );
  return (req, res) => {
    const url = req.url ?? "/";
    if (!url.startsWith("/api/")) return fallback(req, res);
    const query = url.indexOf("?");
    const match = matchRoute(routes, query === -1 ? url : url.slice(0, query));
    if (match === null) return fallback(req, res);
    matches.set(req, match);
    for (const { key, value } of SECURITY_HEADERS) res.setHeader(key, value);
    res.setHeader("content-security-policy", API_CSP);
    // Only reads are worth compressing (a signed write's answer is a few hundred bytes), for a client that
    // accepts it (the middleware costs a few tens of µs a request even when it then sends plain).
    const read = req.method === "GET" || req.method === "HEAD";
    if (read && req.headers["accept-encoding"] !== undefined)
      compress(req, res, () => void listener(req, res));
    else void listener(req, res);
  };
}
