// The raw JSON-RPC calls ingest makes, undecoded: polkadot.js' decorated RPCs decode every answer into
// codecs, which costs more than the call itself when backfilling tens of thousands of blocks.
import { hexToNumber } from "@polkadot/util";

/** What WsProvider (or any @polkadot/api provider) offers. */
export interface RpcSender {
  send<T>(method: string, params: unknown[]): Promise<T>;
}

export interface HeaderJson {
  parentHash: string;
  number: string;
  stateRoot: string;
  extrinsicsRoot: string;
  digest: { logs: string[] };
}

export interface RuntimeVersionJson {
  specName: string;
  specVersion: number;
}

/** The first byte of a DigestItem: RuntimeEnvironmentUpdated (frame_system logs it in a block that set code). */
const RUNTIME_ENVIRONMENT_UPDATED = "0x08";
/** state_getKeysPaged answers at most this many keys per call on a default node. */
const KEYS_PAGE = 1000;
/** Keep a state_queryStorageAt request well under a node's default 10 MB message limit. */
const QUERY_CHUNK = 1000;

export class ChainRpc {
  constructor(readonly sender: RpcSender) {}

  /** Hashes of the given block numbers, in order; a number past the node's best block throws. */
  async blockHashes(numbers: readonly number[]): Promise<string[]> {
    if (numbers.length === 0) return [];
    const hashes = await this.sender.send<(string | null)[]>("chain_getBlockHash", [numbers]);
    return numbers.map((n, i) => {
      const hash = hashes[i];
      if (!hash) throw new Error(`the node has no block #${n}`);
      return hash;
    });
  }

  async header(hash: string): Promise<HeaderJson> {
    const header = await this.sender.send<HeaderJson | null>("chain_getHeader", [hash]);
    if (!header) throw new Error(`the node has no header for ${hash}`);
    return header;
  }

  runtimeVersion(hash: string): Promise<RuntimeVersionJson> {
    return this.sender.send<RuntimeVersionJson>("state_getRuntimeVersion", [hash]);
  }

  /** Values of many keys at one block, in the order asked; null where a key holds nothing. */
  async storageAt(keys: readonly string[], hash: string): Promise<(string | null)[]> {
    const out: (string | null)[] = [];
    for (let i = 0; i < keys.length; i += QUERY_CHUNK) {
      const chunk = keys.slice(i, i + QUERY_CHUNK);
      const answer = await this.sender.send<{ changes: [string, string | null][] }[]>(
        "state_queryStorageAt",
        [chunk, hash],
      );
      // A node answers an unknown block with an error, chopsticks with nothing: both must stop the read.
      if (answer.length === 0) throw new Error(`the node has no state for block ${hash}`);
      const values = new Map<string, string | null>();
      for (const set of answer) for (const [k, v] of set.changes) values.set(k.toLowerCase(), v);
      for (const key of chunk) out.push(values.get(key.toLowerCase()) ?? null);
    }
    return out;
  }

  /** Every key under a prefix at one block, following the node's pages. */
  async keys(prefix: string, hash: string): Promise<string[]> {
    const all: string[] = [];
    let start: string | null = null;
    for (;;) {
      const page: string[] = await this.sender.send<string[]>("state_getKeysPaged", [
        prefix,
        KEYS_PAGE,
        start,
        hash,
      ]);
      all.push(...page);
      if (page.length < KEYS_PAGE) return all;
      start = page[page.length - 1] ?? null;
    }
  }

  call(method: string, data: string, hash: string): Promise<string> {
    return this.sender.send<string>("state_call", [method, data, hash]);
  }
}

export function headerNumber(header: HeaderJson): number {
  return hexToNumber(header.number);
}

/** True when the block set new runtime code: the next block runs the new runtime. */
export function setsRuntimeCode(header: HeaderJson): boolean {
  return header.digest.logs.some((log) => log.toLowerCase().startsWith(RUNTIME_ENVIRONMENT_UPDATED));
}
