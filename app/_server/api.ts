import "server-only";
import { dehydrate, QueryClient, type DehydratedState } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import { GET as getEmissions } from "@/app/api/v1/emissions/route";
import { GET as getKing } from "@/app/api/v1/king/route";
import { GET as getKings } from "@/app/api/v1/kings/route";
import { GET as getMiner } from "@/app/api/v1/miners/[hotkey]/route";
import { GET as getStatus } from "@/app/api/v1/status/route";
import { GET as getSubmission } from "@/app/api/v1/submissions/[id]/route";
import { GET as getSubmissions } from "@/app/api/v1/submissions/route";
import { GET as getValidators } from "@/app/api/v1/validators/route";
import { apiKey } from "@/lib/client/api";

// Server components read the API in process: the same handler, the same JSON and the same cache key as the
// browser's fetch, so a hydrated page and its first live refetch can never disagree about a shape.

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const ROUTES: [RegExp, Handler][] = [
  [/^\/api\/v1\/status$/, getStatus as unknown as Handler],
  [/^\/api\/v1\/king$/, getKing as unknown as Handler],
  [/^\/api\/v1\/kings$/, getKings as unknown as Handler],
  [/^\/api\/v1\/submissions$/, getSubmissions as unknown as Handler],
  [/^\/api\/v1\/submissions\/(?<id>[^/]+)$/, getSubmission as unknown as Handler],
  [/^\/api\/v1\/miners\/(?<hotkey>[^/]+)$/, getMiner as unknown as Handler],
  [/^\/api\/v1\/validators$/, getValidators as unknown as Handler],
  [/^\/api\/v1\/emissions$/, getEmissions as unknown as Handler],
];

export class ServerApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function serverApi<T>(path: string): Promise<T> {
  const pathname = path.split("?")[0] ?? path;
  for (const [pattern, handler] of ROUTES) {
    const match = pattern.exec(pathname);
    if (!match) continue;
    const params = Object.fromEntries(
      Object.entries(match.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]),
    );
    const response = await handler(new Request(`http://explorer.internal${path}`), {
      params: Promise.resolve(params),
    });
    const body: unknown = await response.json();
    if (!response.ok) {
      const message =
        (body as { error?: { message?: string } }).error?.message ?? `status ${response.status}`;
      throw new ServerApiError(response.status, message);
    }
    return body as T;
  }
  throw new Error(`serverApi: no route for ${path}`);
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
