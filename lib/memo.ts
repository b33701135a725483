/**
 * Memoises a pure function of a string key in a bounded map, cleared whole when full: for the SS58 encodings
 * and decodings that hash (blake2b) on every call, where a subnet has at most a few thousand accounts in play.
 * Clearing at the bound keeps memory flat whatever keys arrive (a stream of made-up addresses included).
 */
export function boundedMemo<V>(compute: (key: string) => V, maxEntries = 10_000): (key: string) => V {
  const cache = new Map<string, V>();
  return (key) => {
    if (cache.has(key)) return cache.get(key) as V;
    if (cache.size >= maxEntries) cache.clear();
    const value = compute(key);
    cache.set(key, value);
    return value;
  };
}
