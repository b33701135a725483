import "server-only";
import { dehydrate, QueryClient, type DehydratedState } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import * as emissions from "@/app/api/v1/emissions/route";
import * as king from "@/app/api/v1/king/route";
import * as kings from "@/app/api/v1/kings/route";
import * as miner from "@/app/api/v1/miners/[hotkey]/route";
import * as status from "@/app/api/v1/status/route";
import * as submission from "@/app/api/v1/submissions/[id]/route";
import * as submissions from "@/app/api/v1/submissions/route";
import * as validators from "@/app/api/v1/validators/route";
import { matchRoute, routeTable } from "@/server/api/route-table";
import { apiKey } from "@/lib/client/api";

// Server components read the API in process: the same handler, the same JSON and the same cache key as the
// browser's fetch, so a hydrated page and its first live refetch can never disagree about a shape. The reads
// a page may make, imported statically so the bundler sees them; matched as the API front matches them.
const ROUTES = routeTable([
  ["/api/v1/status", status],
  ["/api/v1/king", king],
  ["/api/v1/kings", kings],
  ["/api/v1/submissions", submissions],
  ["/api/v1/submissions/[id]", submission],
  ["/api/v1/miners/[hotkey]", miner],
  ["/api/v1/validators", validators],
  ["/api/v1/emissions", emissions],
]);

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
