import { createLogger, type Logger } from "@/lib/log";
import { ApiError, type ErrorBody } from "@/lib/schemas/errors";
import { requestIdOf } from "./request-id";

const log = createLogger({ component: "api" });

/** Reads are public and cacheable: a short max-age, then serve stale while a fresh copy is fetched. */
export const READ_CACHE_CONTROL = "public, max-age=5, stale-while-revalidate=30";

const CORS_HEADERS = { "access-control-allow-origin": "*" };

export function errorResponse(error: ApiError, requestId: string): Response {
  const body: ErrorBody = { error: { code: error.code, message: error.message, requestId } };
  if (error.extra.issues) body.error.issues = error.extra.issues;
  const headers: Record<string, string> = { ...CORS_HEADERS, "x-request-id": requestId };
  if (error.extra.retryAfterSeconds !== undefined)
    headers["retry-after"] = String(error.extra.retryAfterSeconds);
  return Response.json(body, { status: error.status, headers });
}

type Handler<Ctx> = (request: Request, context: Ctx) => Promise<Response>;

/**
 * Wraps a public read handler: request id, CORS, caching headers, and every error through the one table.
 * Anything that is not an ApiError is our fault: logged with the request id, answered as a generic 500.
 */
export function route<Ctx>(handler: Handler<Ctx>, logger: Logger = log): Handler<Ctx> {
  return async (request, context) => {
    const requestId = requestIdOf(request);
    try {
      const response = await handler(request, context);
      response.headers.set("x-request-id", requestId);
      for (const [k, v] of Object.entries(CORS_HEADERS)) response.headers.set(k, v);
      if (request.method === "GET" && response.ok && !response.headers.has("cache-control")) {
        response.headers.set("cache-control", READ_CACHE_CONTROL);
      }
      return response;
    } catch (error) {
      if (error instanceof ApiError) return errorResponse(error, requestId);
      logger.error("unhandled error", {
        requestId,
        method: request.method,
        path: new URL(request.url).pathname,
        error,
      });
      return errorResponse(
        new ApiError("internal_error", "Something went wrong on our side; it has been logged."),
        requestId,
      );
    }
  };
}
