import "server-only";
import { dehydrate, QueryClient, type DehydratedState } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import { apiKey } from "@/lib/client/api";
import type { ApiRead, ApiReads, ReadRoute } from "@/lib/client/reads";
import { ApiError } from "@/lib/schemas/errors";
import { read } from "@/server/read";
import { readContext, type ReadContext } from "@/server/read/context";

// Server components read the read model (server/read) directly, with the reads the browser's useApi makes
// (lib/client/reads.ts): the same answer under the same cache key, so a hydrated page and its first live
// refetch cannot disagree about a shape.

/** A read the page has already made for itself: hydrated as it is, not read again. */
export type Answered = {
  [R in ReadRoute]: { readonly request: ApiRead<R>; readonly answer: ApiReads[R] };
}[ReadRoute];

/** Prefetches reads into a fresh QueryClient for a HydrationBoundary; a 404 becomes the page's not-found. */
export async function prefetch(...reads: (ApiRead | Answered)[]): Promise<DehydratedState> {
  const client = new QueryClient();
  // One context for the reads still to make, and none when every read is answered.
  let ctx: Promise<ReadContext> | undefined;
  await Promise.all(
    reads.map(async (item) => {
      if ("answer" in item) return void client.setQueryData(apiKey(item.request.path), item.answer);
      try {
        client.setQueryData(apiKey(item.path), await read(item, await (ctx ??= readContext())));
      } catch (error) {
        if (error instanceof ApiError && error.code === "not_found") notFound();
        throw error;
      }
    }),
  );
  return dehydrate(client);
}
