"use client";

import { useQuery } from "@tanstack/react-query";
import { apiKey, fetchApi } from "./api";
import type { ApiRead, ApiReads, ReadRoute } from "./reads";

/** One read of the API, hydrated from the server's prefetch on first paint and refetched on live events. */
export function useApi<R extends ReadRoute>(read: ApiRead<R>) {
  return useQuery({ queryKey: apiKey(read.path), queryFn: () => fetchApi<ApiReads[R]>(read.path) });
}
