/**
 * Maps with at most `limit` calls in flight, answering in input order: the read stage fetches many blocks at
 * once without opening an unbounded number of requests on the node.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    // After a failure the other workers stop taking items: the caller gets the first error, soon.
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i] as T, i);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** What limitRequests wraps: any @polkadot/api provider (rpc.ts' RpcSender). */
interface Sender {
  send<T>(method: string, params: unknown[]): Promise<T>;
}

/**
 * A sender with at most `limit` requests in flight; the rest wait their turn in order. Wraps the connection
 * once, so ranges read ahead in parallel share the limit instead of each having their own.
 */
export function limitRequests<S extends Sender>(sender: S, limit: number): Sender {
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    active -= 1;
    waiting.shift()?.();
  };
  return {
    async send<T>(method: string, params: unknown[]): Promise<T> {
      if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
      active += 1;
      try {
        return await sender.send<T>(method, params);
      } finally {
        release();
      }
    },
  };
}
