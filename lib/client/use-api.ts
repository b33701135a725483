"use client";

import { useQuery } from "@tanstack/react-query";
import { apiKey, fetchApi } from "./api";

/** One read of the API, hydrated from the server's prefetch on first paint and refetched on live events. */
export function useApi<T>(path: string) {
  return useQuery({ queryKey: apiKey(path), queryFn: () => fetchApi<T>(path) });
}
