import { randomUUID } from "node:crypto";

/**
 * The request's id: the caller's x-request-id when it is a plain token (it is echoed and logged, so nothing
 * that could forge a log line or a header is taken over), else a new UUID.
 */
export function requestIdOf(request: Request): string {
  const given = request.headers.get("x-request-id");
  return given !== null && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : randomUUID();
}
