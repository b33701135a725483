// The Substrate JSON-RPC methods @polkadot/api uses to connect and read, answered from the devnet's blocks.
import { u8aToHex } from "@polkadot/util";
import { blake2AsHex } from "@polkadot/util-crypto";
import { SPEC_NAME, type DevBlock } from "../chain";
import type { Devnet } from "../devnet";
import { invalidParams, rejected, stateDiscarded } from "../errors";
import { runtimeVersion, stateCall } from "../runtime/runtime-api";
import type { Subscriber, SubscriptionHub, SubscriptionKind } from "./subscriptions";

export type Handler = (params: readonly unknown[], caller: Subscriber) => unknown;

export const CHAIN_NAME = "Cacheon Devnet";
const MAX_KEYS_PAGE = 1000;

export function headerJson(block: DevBlock) {
  const h = block.header;
  return {
    parentHash: h.parentHash.toHex(),
    number: `0x${block.number.toString(16)}`,
    stateRoot: h.stateRoot.toHex(),
    extrinsicsRoot: h.extrinsicsRoot.toHex(),
    digest: { logs: h.digest.logs.map((log) => log.toHex()) },
  };
}

function hexParam(params: readonly unknown[], i: number, name: string): string {
  const value = params[i];
  if (typeof value !== "string" || !/^0x([0-9a-fA-F]{2})*$/.test(value))
    throw invalidParams(`${name} must be 0x-prefixed hex`);
  return value.toLowerCase();
}

export interface SubstrateOptions {
  /**
   * Finalized blocks whose state the node keeps, as `--state-pruning N` (a public finney node keeps 256);
   * undefined keeps every block's state, as an archive node.
   */
  statePruning?: number;
}

export function substrateMethods(
  devnet: Devnet,
  metadata: Uint8Array,
  hub: SubscriptionHub,
  options: SubstrateOptions = {},
): Record<string, Handler> {
  const chain = devnet.chain;
  // An absent or null block hash means the best block, as on a node.
  const blockAt = (value: unknown): DevBlock => {
    if (value === undefined || value === null) return chain.head;
    if (typeof value !== "string") throw invalidParams("block hash must be a hex string");
    const block = chain.blockByHash(value);
    if (!block) throw rejected(`Header was not found: unknown block ${value}`);
    return block;
  };
  // Every state_* method reads a block's state: a pruned node refuses the ones it discarded, headers it keeps.
  const at = (value: unknown): DevBlock => {
    const block = blockAt(value);
    const kept = options.statePruning;
    if (kept !== undefined && block.number <= chain.finalized.number - kept) throw stateDiscarded(block.hash);
    return block;
  };
  const versionOf = (block: DevBlock) => runtimeVersion(SPEC_NAME, block.specVersion);
  const blockHashOf = (n: unknown): string | null => {
    if (n === undefined || n === null) return chain.head.hash;
    const number = typeof n === "string" ? Number.parseInt(n, n.startsWith("0x") ? 16 : 10) : n;
    if (typeof number !== "number" || !Number.isInteger(number))
      throw invalidParams("block number must be an integer");
    return chain.block(number)?.hash ?? null;
  };
  const storageAt = (key: string, block: DevBlock) => chain.readRaw(key, block.number);
  const subscribe = (kind: SubscriptionKind) => (params: readonly unknown[], caller: Subscriber) =>
    hub.subscribe(
      caller,
      kind,
      kind === "storage" && Array.isArray(params[0]) ? params[0].map(String) : null,
      chain.head,
      chain.finalized,
    );
  const unsubscribe = (kind: SubscriptionKind) => (params: readonly unknown[], caller: Subscriber) =>
    hub.unsubscribe(caller, kind, String(params[0]));

  const methods: Record<string, Handler> = {
    system_chain: () => CHAIN_NAME,
    system_name: () => "cacheon-devnet",
    system_version: () => "0.1.0",
    system_chainType: () => "Development",
    system_properties: () => ({ ss58Format: 42, tokenDecimals: 9, tokenSymbol: "TAO" }),
    system_health: () => ({ peers: 0, isSyncing: false, shouldHavePeers: false }),
    system_peers: () => [],
    system_syncState: () => ({
      startingBlock: 0,
      currentBlock: chain.head.number,
      highestBlock: chain.head.number,
    }),
    chain_getBlockHash: ([n]) => (Array.isArray(n) ? n.map(blockHashOf) : blockHashOf(n)),
    chain_getHeader: ([hash]) => headerJson(blockAt(hash)),
    chain_getBlock: ([hash]) => ({
      block: { header: headerJson(blockAt(hash)), extrinsics: [] },
      justifications: null,
    }),
    chain_getFinalizedHead: () => chain.finalized.hash,
    chain_subscribeNewHeads: subscribe("newHead"),
    chain_unsubscribeNewHeads: unsubscribe("newHead"),
    chain_subscribeAllHeads: subscribe("allHead"),
    chain_unsubscribeAllHeads: unsubscribe("allHead"),
    chain_subscribeFinalizedHeads: subscribe("finalizedHead"),
    chain_unsubscribeFinalizedHeads: unsubscribe("finalizedHead"),
    state_getRuntimeVersion: ([hash]) => versionOf(at(hash)),
    state_subscribeRuntimeVersion: subscribe("runtimeVersion"),
    state_unsubscribeRuntimeVersion: unsubscribe("runtimeVersion"),
    state_subscribeStorage: subscribe("storage"),
    state_unsubscribeStorage: unsubscribe("storage"),
    // The metadata of the runtime in the block's state: a legacy devnet's upgrade changes it.
    state_getMetadata: ([hash]) => u8aToHex(devnet.metadataBytesAt(at(hash).number) ?? metadata),
    state_getStorage: (params) => storageAt(hexParam(params, 0, "key"), at(params[1])),
    state_getStorageHash: (params) => {
      const value = storageAt(hexParam(params, 0, "key"), at(params[1]));
      return value === null ? null : blake2AsHex(value);
    },
    state_getStorageSize: (params) => {
      const value = storageAt(hexParam(params, 0, "key"), at(params[1]));
      return value === null ? null : (value.length - 2) / 2;
    },
    state_getKeysPaged: (params) => {
      const count = Number(params[1]);
      if (!Number.isInteger(count) || count < 0 || count > MAX_KEYS_PAGE)
        throw invalidParams(`count must be 0..${MAX_KEYS_PAGE}`);
      const start =
        params[2] === undefined || params[2] === null ? undefined : hexParam(params, 2, "startKey");
      return chain.keysPaged(hexParam(params, 0, "prefix"), count, start, at(params[3]).number);
    },
    state_getKeys: (params) =>
      chain.keysPaged(hexParam(params, 0, "prefix"), Infinity, undefined, at(params[1]).number),
    state_queryStorageAt: (params) => {
      if (!Array.isArray(params[0])) throw invalidParams("keys must be an array");
      const block = at(params[1]);
      const keys = params[0].map((_, i) => hexParam(params[0] as unknown[], i, "key"));
      return [{ block: block.hash, changes: keys.map((k) => [k, storageAt(k, block)]) }];
    },
    state_call: (params) => {
      if (typeof params[0] !== "string") throw invalidParams("method must be a string");
      const block = at(params[2]);
      const state = chain.stateAt(block.number);
      const ctx = {
        registry: devnet.chain.meta.registry,
        state,
        block: block.number,
        version: versionOf(block),
        metadata: devnet.metadataBytesAt(block.number) ?? metadata,
        scheduling: devnet.scheduling,
      };
      return u8aToHex(stateCall(params[0], hexParam(params, 1, "data"), ctx));
    },
  };
  // The names polkadot.js actually calls for some methods, and older aliases nodes still answer.
  const aliases: Record<string, string> = {
    chain_subscribeNewHead: "chain_subscribeNewHeads",
    chain_unsubscribeNewHead: "chain_unsubscribeNewHeads",
    subscribe_newHead: "chain_subscribeNewHeads",
    unsubscribe_newHead: "chain_unsubscribeNewHeads",
    chain_subscribeFinalisedHeads: "chain_subscribeFinalizedHeads",
    chain_unsubscribeFinalisedHeads: "chain_unsubscribeFinalizedHeads",
    chain_getFinalisedHead: "chain_getFinalizedHead",
    chain_getRuntimeVersion: "state_getRuntimeVersion",
    chain_subscribeRuntimeVersion: "state_subscribeRuntimeVersion",
    chain_unsubscribeRuntimeVersion: "state_unsubscribeRuntimeVersion",
    state_getStorageAt: "state_getStorage",
    state_getKeysPagedAt: "state_getKeysPaged",
    state_callAt: "state_call",
  };
  for (const [alias, target] of Object.entries(aliases)) {
    const handler = methods[target];
    if (handler) methods[alias] = handler;
  }
  return methods;
}
