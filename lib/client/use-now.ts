"use client";

import { useSyncExternalStore } from "react";

interface Clock {
  subscribe(onChange: () => void): () => void;
  get(): number;
}

const clocks = new Map<number, Clock>();

/** One shared clock per interval, so every countdown on a page ticks on the same second. */
function clockFor(intervalMs: number): Clock {
  let clock = clocks.get(intervalMs);
  if (!clock) {
    let now = Date.now();
    const listeners = new Set<() => void>();
    let timer: ReturnType<typeof setInterval> | null = null;
    clock = {
      subscribe(onChange) {
        listeners.add(onChange);
        if (timer === null) {
          now = Date.now();
          timer = setInterval(() => {
            now = Date.now();
            for (const listener of listeners) listener();
          }, intervalMs);
        }
        return () => {
          listeners.delete(onChange);
          if (listeners.size === 0 && timer !== null) {
            clearInterval(timer);
            timer = null;
          }
        };
      },
      get: () => now,
    };
    clocks.set(intervalMs, clock);
  }
  return clock;
}

/**
 * The current time (ms), refreshed every `intervalMs`. Server rendering and hydration see `serverValue`, so
 * the first paint matches the server's HTML; the clock ticks from then on.
 */
export function useNow(intervalMs: number, serverValue: number | null = null): number | null {
  const clock = clockFor(intervalMs);
  return useSyncExternalStore(clock.subscribe, clock.get, () => serverValue);
}
