// The devnet's state: a flat key/value map (hex storage keys to hex SCALE values), versioned per block so a
// query at any old block hash sees that block's values. Each key keeps the list of blocks where it changed,
// so memory grows with writes, not with blocks × keys.

export type Changes = Map<string, string | null>;

interface History {
  blocks: number[];
  values: (string | null)[];
}

// Index of the last entry <= target in an ascending list, or -1.
function lastAtOrBefore(list: readonly number[], target: number): number {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] ?? Infinity) <= target) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

// First index whose key is > (or >= when inclusive) the given key, in the sorted key list.
function firstAfter(keys: readonly string[], key: string, inclusive: boolean): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const k = keys[mid] ?? "";
    if (k < key || (!inclusive && k === key)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class VersionedStore {
  readonly #history = new Map<string, History>();
  // Every key ever written, sorted; lowercase hex of equal-length prefixes sorts like the raw bytes.
  readonly #keys: string[] = [];
  #lastBlock = -1;

  get(key: string, at: number): string | null {
    const h = this.#history.get(key);
    if (!h) return null;
    const i = lastAtOrBefore(h.blocks, at);
    return i < 0 ? null : (h.values[i] ?? null);
  }

  // Records a block's writes and returns the ones that changed a value (what storage subscribers see).
  commit(block: number, changes: Changes): Changes {
    if (block <= this.#lastBlock) throw new Error(`block ${block} committed after ${this.#lastBlock}`);
    this.#lastBlock = block;
    const effective: Changes = new Map();
    for (const [rawKey, value] of changes) {
      const key = rawKey.toLowerCase();
      if (this.get(key, block) === value) continue;
      effective.set(key, value);
      let h = this.#history.get(key);
      if (!h) {
        h = { blocks: [], values: [] };
        this.#history.set(key, h);
        this.#keys.splice(firstAfter(this.#keys, key, true), 0, key);
      }
      h.blocks.push(block);
      h.values.push(value);
    }
    return effective;
  }

  // Keys under a prefix that hold a value at the block, in key order, after startKey (exclusive).
  keysPaged(prefix: string, count: number, startKey: string | undefined, at: number): string[] {
    const p = prefix.toLowerCase();
    const start = startKey && startKey.toLowerCase() > p ? startKey.toLowerCase() : p;
    const out: string[] = [];
    for (
      let i = firstAfter(this.#keys, start, start === p);
      i < this.#keys.length && out.length < count;
      i++
    ) {
      const key = this.#keys[i] ?? "";
      if (!key.startsWith(p)) break;
      if (this.get(key, at) !== null) out.push(key);
    }
    return out;
  }
}
