// One connection to a node as ingest uses it: the ApiPromise (for runtime metadata) and the provider (for raw
// calls), with the block reader built on them, once per connection. Every raw request of the connection goes
// through one limit, so CHAIN_INGEST_CONCURRENCY bounds what is in flight however many ranges are read ahead.
import type { ApiPromise } from "@polkadot/api";
import type { Logger } from "@/lib/log";
import { BlockReader } from "./block-reader";
import { limitRequests } from "./map-limit";
import { ChainRpc, type RpcSender } from "./rpc";
import { RuntimeViews } from "./runtime-view";

export interface ChainLink {
  api: ApiPromise;
  sender: RpcSender;
}

export interface LinkOptions {
  netuid: number;
  /** Raw requests in flight at once on this connection. */
  concurrency: number;
  log: Logger;
}

interface LinkReaders {
  rpc: ChainRpc;
  reader: BlockReader;
}

const readers = new WeakMap<ApiPromise, LinkReaders>();

function readersOf(link: ChainLink, options: LinkOptions): LinkReaders {
  let entry = readers.get(link.api);
  if (!entry) {
    const rpc = new ChainRpc(limitRequests(link.sender, options.concurrency));
    entry = { rpc, reader: new BlockReader(rpc, new RuntimeViews(link.api), options) };
    readers.set(link.api, entry);
  }
  return entry;
}

export function readerFor(link: ChainLink, options: LinkOptions): BlockReader {
  return readersOf(link, options).reader;
}

/** The connection's raw calls, under the same limit as its block reader. */
export function rpcFor(link: ChainLink, options: LinkOptions): ChainRpc {
  return readersOf(link, options).rpc;
}
