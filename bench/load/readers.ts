// The readers: `concurrency` closed loops, each fetching the next page or API read as soon as the previous
// answer is fully read, the way a crowd of browsers and scripts would. Anything but a 200 is an error.
import { describeError, Tally } from "./stats";
import type { SeededWorld } from "./seed";

export function readPaths(world: SeededWorld): string[] {
  const submission = (i: number) => world.submissionIds[i % world.submissionIds.length] as number;
  const miner = (i: number) =>
    encodeURIComponent(world.minerHotkeys[i % world.minerHotkeys.length] as string);
  return [
    "/",
    "/leaderboard",
    "/kings",
    "/validators",
    "/emissions",
    "/status",
    "/methodology",
    `/submissions/${submission(0)}`,
    `/miners/${miner(1)}`,
    "/api/v1/status",
    "/api/v1/king",
    "/api/v1/kings",
    "/api/v1/submissions",
    "/api/v1/submissions?status=scored&sort=score&order=desc&limit=50",
    "/api/v1/submissions?format=csv",
    `/api/v1/submissions/${submission(2)}`,
    `/api/v1/submissions/${submission(5)}`,
    `/api/v1/miners/${miner(3)}`,
    "/api/v1/validators",
    "/api/v1/emissions",
  ];
}

export interface ReadersOptions {
  readonly baseUrl: string;
  readonly paths: readonly string[];
  readonly concurrency: number;
  readonly timeoutMs: number;
}

/** Runs until `signal` aborts; requests in flight then finish (and count) before the promise resolves. */
export async function runReaders(o: ReadersOptions, signal: AbortSignal): Promise<Tally> {
  const tally = new Tally();
  const reader = async (offset: number) => {
    for (let i = offset; !signal.aborted; i++) {
      const path = o.paths[i % o.paths.length] as string;
      const started = performance.now();
      try {
        const res = await fetch(`${o.baseUrl}${path}`, { signal: AbortSignal.timeout(o.timeoutMs) });
        await res.arrayBuffer();
        const ms = performance.now() - started;
        if (res.status === 200) tally.ok(ms);
        else tally.error(ms, `GET ${path}: HTTP ${res.status}`);
      } catch (error) {
        tally.error(performance.now() - started, `GET ${path}: ${describeError(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, (_, i) => reader(i)));
  return tally;
}
