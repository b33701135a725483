import "server-only";
import { dehydrate, QueryClient, type DehydratedState } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import { READ_ROUTES } from "@/app/api/read-routes";
import { matchRoute, routeTable } from "@/server/api/route-table";
import { apiKey } from "@/lib/client/api";

// Server components read the API in process: the same handler, the same JSON and the same cache key as the
// browser's fetch, so a hydrated page and its first live refetch can never disagree about a shape. The reads
// a page may make (app/api/read-routes.ts, imported statically so the bundler sees them), matched as the API
// front matches them.
const ROUTES = routeTable(READ_ROUTES);

export class ServerApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function serverApi<T>(path: string): Promise<T> {
  const match = matchRoute(ROUTES, path.split("?")[0] ?? path);
  const handler = match?.route.module.GET;
  if (!match || !handler) throw new Error(`serverApi: no route for ${path}`);
  const response = await handler(new Request(`http://explorer.internal${path}`), {
    params: Promise.resolve(match.params),
  });
  const body: unknown = await response.json();
  if (!response.ok) {
    const message = (body as { error?: { message?: string } }).error?.message ?? `status ${response.status}`;
    throw new ServerApiError(response.status, message);
  }
  return body as T;
}

/** Prefetches reads into a fresh QueryClient for a HydrationBoundary; a 404 becomes the page's not-found. */
export async function prefetch(...paths: string[]): Promise<DehydratedState> {
  const client = new QueryClient();
  await Promise.all(
    paths.map(async (path) => {
      try {
        const data = await serverApi(path);
        client.setQueryData(apiKey(path), data);
      } catch (error) {
        if (error instanceof ServerApiError && error.status === 404) notFound();
        throw error;
      }
    }),
  );
  return dehydrate(client);
}
