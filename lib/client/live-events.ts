"use client";

import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { EventType, Hello } from "@/lib/schemas/events";

// Which reads an event can change. A run, for instance, moves a submission's consensus, the board, the
// validators' counters and possibly the king; a block moves the margin and the status row.
const AFFECTS: Record<EventType, readonly string[]> = {
  king: ["/api/v1/king", "/api/v1/kings", "/api/v1/submissions", "/api/v1/emissions", "/api/v1/miners"],
  standings: ["/api/v1/submissions", "/api/v1/king", "/api/v1/kings", "/api/v1/miners"],
  submission: ["/api/v1/submissions", "/api/v1/miners", "/api/v1/status", "/api/v1/king"],
  run: [
    "/api/v1/submissions",
    "/api/v1/validators",
    "/api/v1/king",
    "/api/v1/miners",
    "/api/v1/runs",
    "/api/v1/evaluations",
  ],
  progress: ["/api/v1/king", "/api/v1/submissions", "/api/v1/evaluations"],
  block: ["/api/v1/status", "/api/v1/king", "/api/v1/emissions", "/api/v1/validators"],
};

export type LiveState = "connecting" | "open" | "retrying";

const affects = (type: EventType, pathname: string) =>
  AFFECTS[type].some((prefix) => pathname.startsWith(prefix));

/** Refetches the reads on screen (the API's, keyed by path) that `stale` picks. */
function invalidateApi(client: QueryClient, stale: (pathname: string, dataUpdatedAt: number) => boolean) {
  void client.invalidateQueries({
    predicate: (query) => {
      const [root, pathname] = query.queryKey;
      return root === "api" && typeof pathname === "string" && stale(pathname, query.state.dataUpdatedAt);
    },
  });
}

/**
 * Whether a read must be refetched when a stream opens, since changes made while none was open are never
 * replayed. On a page's first stream, only a read that a change of a kind affecting it came after (the
 * stream's hello says when each kind last changed): the page was just rendered, and its hydrated reads carry
 * the server's clock. After an outage (a reopened stream), every read.
 */
export function staleOnOpen(
  pathname: string,
  dataUpdatedAt: number,
  hello: Hello,
  firstOpen: boolean,
): boolean {
  if (!firstOpen) return true;
  return (Object.keys(AFFECTS) as EventType[]).some(
    (type) => affects(type, pathname) && Date.parse(hello.changedAt[type]) > dataUpdatedAt,
  );
}

/**
 * One EventSource per tab (mounted once, in the root providers); the browser reconnects by itself, and each
 * (re)open starts with a hello saying when the server last heard of a change.
 */
export function useLiveEvents(): LiveState {
  const client = useQueryClient();
  const [state, setState] = useState<LiveState>("connecting");
  useEffect(() => {
    const source = new EventSource("/api/v1/events");
    let opened = 0;
    source.onopen = () => setState("open");
    source.addEventListener("hello", (event) => {
      const firstOpen = opened++ === 0;
      const hello = JSON.parse((event as MessageEvent<string>).data) as Hello;
      invalidateApi(client, (pathname, updatedAt) => staleOnOpen(pathname, updatedAt, hello, firstOpen));
    });
    source.onerror = () => setState("retrying");
    const types = Object.keys(AFFECTS) as EventType[];
    const listeners = types.map((type) => {
      const listener = () => invalidateApi(client, (pathname) => affects(type, pathname));
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
