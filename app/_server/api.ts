import "server-only";
import { dehydrate, QueryClient, type DehydratedState } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import { apiKey } from "@/lib/client/api";
import type { ApiRead } from "@/lib/client/reads";
import { ApiError } from "@/lib/schemas/errors";
import { read } from "@/server/read";
import { readContext } from "@/server/read/context";

// Server components read the read model (server/read) directly, with the reads the browser's useApi makes
// (lib/client/reads.ts): the same answer under the same cache key, so a hydrated page and its first live
// refetch cannot disagree about a shape.

/** Prefetches reads into a fresh QueryClient for a HydrationBoundary; a 404 becomes the page's not-found. */
export async function prefetch(...reads: ApiRead[]): Promise<DehydratedState> {
  const client = new QueryClient();
  const ctx = await readContext();
  await Promise.all(
    reads.map(async (request) => {
      try {
        client.setQueryData(apiKey(request.path), await read(request, ctx));
      } catch (error) {
        if (error instanceof ApiError && error.code === "not_found") notFound();
        throw error;
      }
    }),
  );
  return dehydrate(client);
}
