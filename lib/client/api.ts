import type { QueryKey } from "@tanstack/react-query";

// The browser's side of the read API. Responses are typed from lib/schemas with type-only imports and not
// re-validated here: the server already answers through those schemas, and zod would add its weight to
// every page (the leaderboard's budget is 150 KB).

/** Every read is keyed by its route path and query string, so an SSE event can invalidate by path prefix. */
export function apiKey(path: string): QueryKey {
  const [pathname = path, search = ""] = path.split("?");
  return ["api", pathname, search];
}

export class ApiFetchError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function fetchApi<T>(path: string): Promise<T> {
  // React Query owns freshness here: a refetch after a live event must reach the server, not the browser's
  // HTTP cache (reads are public with max-age for other consumers and proxies).
  const response = await fetch(path, { headers: { accept: "application/json" }, cache: "no-store" });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new ApiFetchError(response.status, body?.error?.message ?? `${path} answered ${response.status}`);
  }
  return (await response.json()) as T;
}

/** A query string from defined values only, in a stable order (a shareable URL reads the same every time). */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text === "" ? "" : `?${text}`;
}
