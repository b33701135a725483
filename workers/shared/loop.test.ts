import { describe, expect, it, vi } from "vitest";
import { WorkerLoop } from "./loop";

function deferred() {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("WorkerLoop", () => {
  it("runs at start, again on notify(), and not again while idle", async () => {
    let runs = 0;
    const loop = new WorkerLoop({ iterate: async () => void runs++, minIntervalMs: 1, idleMs: 60_000 });
    loop.start();
    await vi.waitFor(() => expect(runs).toBe(1));
    loop.notify();
    await vi.waitFor(() => expect(runs).toBe(2));
    await new Promise((r) => setTimeout(r, 30));
    expect(runs).toBe(2);
    await loop.stop();
  });

  it("coalesces a burst of notifications into one more run after the debounce", async () => {
    let runs = 0;
    const loop = new WorkerLoop({ iterate: async () => void runs++, minIntervalMs: 50, idleMs: 60_000 });
    loop.start();
    await vi.waitFor(() => expect(runs).toBe(1));
    for (let i = 0; i < 20; i++) loop.notify();
    await vi.waitFor(() => expect(runs).toBe(2));
    await new Promise((r) => setTimeout(r, 120));
    expect(runs).toBe(2);
    await loop.stop();
  });

  it("has an idempotent stop() that waits for the iteration in flight", async () => {
    const gate = deferred();
    let finished = false;
    const loop = new WorkerLoop({
      iterate: async () => {
        await gate.promise;
        finished = true;
      },
      minIntervalMs: 1,
      idleMs: 60_000,
    });
    loop.start();
    await new Promise((r) => setTimeout(r, 10));
    const first = loop.stop();
    const second = loop.stop();
    let stopped = false;
    void first.then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped).toBe(false);
    gate.resolve();
    await Promise.all([first, second]);
    expect(finished).toBe(true);
    await loop.stop();
  });

  it("backs off after an error, reports it, and is stopped out of the back-off at once", async () => {
    const errors: number[] = [];
    const loop = new WorkerLoop({
      iterate: async () => {
        throw new Error("database down");
      },
      minIntervalMs: 1,
      idleMs: 60_000,
      backoff: { baseMs: 60_000, maxMs: 60_000 },
      onError: (_error, attempt) => void errors.push(attempt),
    });
    loop.start();
    await vi.waitFor(() => expect(errors).toEqual([1]));
    const started = Date.now();
    await loop.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
  });
  it("keeps back-to-back iterations within their busy share", async () => {
    const spans: { start: number; end: number }[] = [];
    const loop = new WorkerLoop({
      iterate: async () => {
        const start = Date.now();
        await new Promise((r) => setTimeout(r, 40));
        spans.push({ start, end: Date.now() });
        loop.notify(); // always more work: without the share this would run back to back
      },
      minIntervalMs: 1,
      idleMs: 60_000,
      maxBusyShare: 0.25,
    });
    loop.start();
    await vi.waitFor(() => expect(spans.length).toBeGreaterThanOrEqual(3), { timeout: 5_000 });
    await loop.stop();
    for (let i = 1; i < spans.length; i++) {
      const previous = spans[i - 1]!;
      const busyMs = previous.end - previous.start;
      // A 40 ms iteration at a 25 % share pauses 3 × 40 ms before the next one starts.
      expect(spans[i]!.start - previous.end).toBeGreaterThanOrEqual(busyMs * 3 - 2);
    }
  });
});
