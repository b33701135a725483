import DataLoader from "dataloader";

// Write batching for the signed-request hot path: concurrent requests that reach the same statement share one
// execution of it (one round trip and one commit for many), through DataLoader with its cache off. A batch
// starts as soon as the event loop has gathered what arrived meanwhile, unless `maxInFlight` batches of this
// kind already run: then it grows until one finishes. So an idle server adds no delay, and a busy one sends
// fewer, larger statements instead of queueing many small ones on the connection pool.

export interface BatchOptions {
  /** Items per statement at most. */
  readonly maxBatch: number;
  /** Statements of this kind running at once at most (each holds one pooled connection). */
  readonly maxInFlight: number;
}

/**
 * `run` answers a batch in order, one result or Error per item. When the whole statement fails, each item is
 * retried on its own, so one bad item fails alone and the others are stored.
 */
export function createBatcher<In, Out>(
  run: (items: readonly In[]) => Promise<(Out | Error)[]>,
  options: BatchOptions,
): (item: In) => Promise<Out> {
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else inFlight--;
  };
  const loader = new DataLoader<In, Out>(
    async (items) => {
      try {
        return await runIsolated(run, items);
      } finally {
        release();
      }
    },
    {
      cache: false,
      maxBatchSize: options.maxBatch,
      batchScheduleFn: (dispatch) =>
        setImmediate(() => {
          if (inFlight < options.maxInFlight) {
            inFlight++;
            dispatch();
          } else waiting.push(dispatch);
        }),
    },
  );
  return (item) => loader.load(item);
}

async function runIsolated<In, Out>(
  run: (items: readonly In[]) => Promise<(Out | Error)[]>,
  items: readonly In[],
): Promise<(Out | Error)[]> {
  try {
    const results = await run(items);
    if (results.length !== items.length)
      throw new Error(`a batch of ${items.length} was answered with ${results.length} results`);
    return results;
  } catch (error) {
    if (items.length === 1) return [asError(error)];
    const results: (Out | Error)[] = [];
    for (const item of items) {
      try {
        const [result] = await run([item]);
        results.push(result === undefined ? new Error("a batch of 1 was answered with nothing") : result);
      } catch (itemError) {
        results.push(asError(itemError));
      }
    }
    return results;
  }
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/** One batcher per database (tests open several in one process), made on first use. */
export function perDatabase<Db extends object, In, Out>(
  make: (db: Db) => (item: In) => Promise<Out>,
): (db: Db, item: In) => Promise<Out> {
  const batchers = new WeakMap<Db, (item: In) => Promise<Out>>();
  return (db, item) => {
    let batcher = batchers.get(db);
    if (batcher === undefined) {
      batcher = make(db);
      batchers.set(db, batcher);
    }
    return batcher(item);
  };
}
