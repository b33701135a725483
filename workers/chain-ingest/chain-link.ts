// One connection to a node as ingest uses it: the ApiPromise (for runtime metadata) and the provider (for raw
// calls), with the block reader built on them, once per connection.
import type { ApiPromise } from "@polkadot/api";
import type { Logger } from "@/lib/log";
import { BlockReader } from "./block-reader";
import { ChainRpc, type RpcSender } from "./rpc";
import { RuntimeViews } from "./runtime-view";

export interface ChainLink {
  api: ApiPromise;
  sender: RpcSender;
}

const readers = new WeakMap<ApiPromise, BlockReader>();

export function readerFor(
  link: ChainLink,
  options: { netuid: number; concurrency: number; log: Logger },
): BlockReader {
  let reader = readers.get(link.api);
  if (!reader) {
    reader = new BlockReader(new ChainRpc(link.sender), new RuntimeViews(link.api), options);
    readers.set(link.api, reader);
  }
  return reader;
}
