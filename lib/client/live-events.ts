"use client";

import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { EventType } from "@/lib/schemas/events";

// Which reads an event can change. A run, for instance, moves a submission's consensus, the board, the
// validators' counters and possibly the king; a block moves the margin and the status row.
const AFFECTS: Record<EventType, readonly string[]> = {
  king: ["/api/v1/king", "/api/v1/kings", "/api/v1/submissions", "/api/v1/emissions", "/api/v1/miners"],
  standings: ["/api/v1/submissions", "/api/v1/king", "/api/v1/kings", "/api/v1/miners"],
  submission: ["/api/v1/submissions", "/api/v1/miners", "/api/v1/status", "/api/v1/king"],
  run: ["/api/v1/submissions", "/api/v1/validators", "/api/v1/king", "/api/v1/miners", "/api/v1/runs"],
  progress: ["/api/v1/king", "/api/v1/submissions"],
  block: ["/api/v1/status", "/api/v1/king", "/api/v1/emissions", "/api/v1/validators"],
};

export type LiveState = "connecting" | "open" | "retrying";

function invalidate(client: QueryClient, type: EventType): void {
  for (const prefix of AFFECTS[type]) {
    void client.invalidateQueries({
      predicate: (query) => {
        const [root, pathname] = query.queryKey;
        return root === "api" && typeof pathname === "string" && pathname.startsWith(prefix);
      },
    });
  }
}

/**
 * One EventSource per tab (mounted once, in the root providers); the browser reconnects by itself. Changes
 * made while no stream was open (between the server render and the first connect, or during an outage) are
 * never replayed, so every open refetches what is on screen.
 */
export function useLiveEvents(): LiveState {
  const client = useQueryClient();
  const [state, setState] = useState<LiveState>("connecting");
  useEffect(() => {
    const source = new EventSource("/api/v1/events");
    source.onopen = () => {
      setState("open");
      void client.invalidateQueries({ predicate: (query) => query.queryKey[0] === "api" });
    };
    source.onerror = () => setState("retrying");
    const types = Object.keys(AFFECTS) as EventType[];
    const listeners = types.map((type) => {
      const listener = () => invalidate(client, type);
      source.addEventListener(type, listener);
      return [type, listener] as const;
    });
    return () => {
      for (const [type, listener] of listeners) source.removeEventListener(type, listener);
      source.close();
    };
  }, [client]);
  return state;
}
