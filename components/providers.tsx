"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useState, type ReactNode } from "react";
import { useLiveEvents } from "@/lib/client/live-events";

function LiveEvents() {
  const state = useLiveEvents();
  // Exposed on <html data-live="…"> for styling and for tests that must wait for the stream to be open.
  useEffect(() => {
    document.documentElement.dataset.live = state;
  }, [state]);
  return null;
}

export function Providers({ children }: { children: ReactNode }) {
  // Hydrated data is fresh for 30 s; live events invalidate what changed before that. A failed refetch keeps
  // the last data on screen (React Query's default), and the status row says how old it is.
  const [client] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: 2 } } }),
  );
  return (
    <QueryClientProvider client={client}>
      <LiveEvents />
      {children}
    </QueryClientProvider>
  );
}
