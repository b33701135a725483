import autocannon from "autocannon";
import { percentile } from "./stats";

// One load test with autocannon: every response's latency is kept, so p50/p95/p99 are exact (autocannon's
// own summary has no p95).

export interface LoadResult {
  /** Every response's latency (ms), in arrival order. */
  latencies: number[];
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** Connection errors, timeouts and non-2xx answers. */
  errors: number;
  bytesPerResponse: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  /** Run for this long, or send `amount` requests. */
  seconds?: number;
  amount?: number;
}

export function load(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let bytes = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        ...(options.amount === undefined ? { duration: options.seconds ?? 10 } : { amount: options.amount }),
        timeout: 30,
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          latencies,
          requests: latencies.length,
          perSecond: latencies.length / result.duration,
          p50: percentile(latencies, 50),
          p95: percentile(latencies, 95),
          p99: percentile(latencies, 99),
          errors: result.errors + result.timeouts + result.non2xx,
          bytesPerResponse: latencies.length === 0 ? 0 : bytes / latencies.length,
        });
      },
    );
    instance.on("response", (_client, _status, size, ms) => {
      latencies.push(ms);
      bytes += size;
    });
  });
}

/** Latencies (ms) of `work` run `count` times by `concurrency` workers at once: the in-process twin of load. */
export async function timeCalls(
  work: () => Promise<unknown>,
  options: { count: number; concurrency: number },
): Promise<{ p50: number; p95: number; perSecond: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next++ < options.count) {
        const t = performance.now();
        await work();
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    perSecond: latencies.length / seconds,
    latencies,
  };
}
