// The devnet's block production: a pending overlay that dev methods write into, sealed into a block with real
// headers (blake2-256 of the SCALE header, linked by parentHash) and frame_system's per-block storage.
import type { Header } from "@polkadot/types/interfaces";
import { bnToU8a, compactToU8a, stringToU8a, u8aConcat, u8aToHex } from "@polkadot/util";
import { blake2AsHex, blake2AsU8a } from "@polkadot/util-crypto";
import type { DevnetMetadata } from "./metadata/build";
import { EventEncoder, type RuntimeEventValue } from "./runtime/events";
import { State } from "./runtime/state";
import { StorageSchema } from "./runtime/storage-schema";
import { type Changes, VersionedStore } from "./store";

export const SPEC_NAME = "node-subtensor";
// The root of an empty trie: what a block without extrinsics carries as extrinsicsRoot.
const EMPTY_TRIE_ROOT = blake2AsU8a(new Uint8Array([0]));
const AURA = stringToU8a("aura");
const SLOT_MS = 12_000;

export interface DevBlock {
  number: number;
  hash: string;
  header: Header;
  specVersion: number;
  timestamp: number;
}

export interface BlockContext {
  number: number;
  timestamp: number;
  state: State;
  deposit(event: RuntimeEventValue): void;
}

export interface ChainOptions {
  genesisTime: number;
  // Chain milliseconds between two blocks' Timestamp.Now.
  blockTimeMs: number;
  finalityLag: number;
  specVersion: number;
}

export class DevChain {
  readonly schema: StorageSchema;
  readonly #store = new VersionedStore();
  readonly #blocks: DevBlock[] = [];
  readonly #byHash = new Map<string, number>();
  #overlay: Changes = new Map();
  #events: Uint8Array[] = [];
  readonly #encoder: EventEncoder;
  #pendingUpgrade = false;
  #specVersion: number;
  #stateRoot: Uint8Array = new Uint8Array(32);
  readonly #hooks: ((ctx: BlockContext) => void)[] = [];
  readonly #listeners: ((block: DevBlock, changes: Changes) => void)[] = [];

  constructor(
    readonly meta: DevnetMetadata,
    readonly options: ChainOptions,
  ) {
    this.schema = new StorageSchema(meta.registry, meta.metadata);
    this.#encoder = new EventEncoder(meta.registry, meta.metadata);
    this.#specVersion = options.specVersion;
  }

  get head(): DevBlock {
    const head = this.#blocks.at(-1);
    if (!head) throw new Error("devnet: no genesis block yet");
    return head;
  }

  get finalized(): DevBlock {
    return this.#blocks[Math.max(0, this.head.number - this.options.finalityLag)] ?? this.head;
  }

  get pendingNumber(): number {
    return this.#blocks.length;
  }

  block(number: number): DevBlock | undefined {
    return this.#blocks[number];
  }

  blockByHash(hash: string): DevBlock | undefined {
    const n = this.#byHash.get(hash.toLowerCase());
    return n === undefined ? undefined : this.#blocks[n];
  }

  timestampOf(number: number): number {
    return this.options.genesisTime + number * this.options.blockTimeMs;
  }

  // Runs in every block (genesis included) before it is sealed, like a pallet's on_initialize.
  onInitialize(hook: (ctx: BlockContext) => void): void {
    this.#hooks.push(hook);
  }

  onBlock(listener: (block: DevBlock, changes: Changes) => void): () => void {
    this.#listeners.push(listener);
    return () => {
      const i = this.#listeners.indexOf(listener);
      if (i >= 0) this.#listeners.splice(i, 1);
    };
  }

  // What dev methods write into: the block being built.
  pending(): State {
    const head = this.#blocks.length - 1;
    return new State(this.schema, {
      read: (key) => (this.#overlay.has(key) ? (this.#overlay.get(key) ?? null) : this.#store.get(key, head)),
      keys: (prefix) => {
        const keys = new Set(this.#store.keysPaged(prefix, Infinity, undefined, head));
        for (const [key, value] of this.#overlay) {
          if (!key.startsWith(prefix)) continue;
          if (value === null) keys.delete(key);
          else keys.add(key);
        }
        return [...keys].sort();
      },
      write: (key, value) => void this.#overlay.set(key.toLowerCase(), value),
    });
  }

  stateAt(number: number): State {
    return new State(this.schema, {
      read: (key) => this.#store.get(key.toLowerCase(), number),
      keys: (prefix) => this.#store.keysPaged(prefix, Infinity, undefined, number),
    });
  }

  keysPaged(prefix: string, count: number, startKey: string | undefined, at: number): string[] {
    return this.#store.keysPaged(prefix, count, startKey, at);
  }

  readRaw(key: string, at: number): string | null {
    return this.#store.get(key.toLowerCase(), at);
  }

  // Encoded at once, so a malformed event fails the dev call that deposits it, not the next seal.
  deposit(event: RuntimeEventValue): void {
    this.#events.push(this.#encoder.encode(event));
  }

  scheduleRuntimeUpgrade(): number {
    this.#pendingUpgrade = true;
    return this.#specVersion + 1;
  }

  seal(): DevBlock {
    const number = this.#blocks.length;
    const parent = this.#blocks.at(-1);
    const timestamp = this.timestampOf(number);
    const state = this.pending();
    const logs = [];
    if (number > 0) {
      logs.push({
        PreRuntime: [AURA, u8aToHex(bnToU8a(Math.floor(timestamp / SLOT_MS), { bitLength: 64 }))],
      });
    }
    if (this.#pendingUpgrade || number === 0) {
      if (this.#pendingUpgrade) {
        this.#specVersion += 1;
        logs.push({ RuntimeEnvironmentUpdated: null });
        this.deposit({ System: "CodeUpdated" });
      }
      state.put("System", "LastRuntimeUpgrade", [], {
        spec_version: this.#specVersion,
        spec_name: SPEC_NAME,
      });
      this.#pendingUpgrade = false;
    }
    const ctx: BlockContext = { number, timestamp, state, deposit: (e) => this.deposit(e) };
    for (const hook of this.#hooks) hook(ctx);

    state.put("System", "Number", [], number);
    state.put("System", "ParentHash", [], parent?.hash ?? new Uint8Array(32));
    if (parent) state.put("System", "BlockHash", [parent.number], parent.hash);
    state.put("System", "Digest", [], { logs });
    state.put("Timestamp", "Now", [], timestamp);
    const records = this.#events.map((event) => ({ phase: "Initialization", event, topics: [] }));
    if (records.length) state.put("System", "Events", [], records);
    else state.remove("System", "Events");
    state.put("System", "EventCount", [], records.length);

    const changes = this.#store.commit(number, this.#overlay);
    this.#overlay = new Map();
    this.#events = [];
    this.#stateRoot = blake2AsU8a(u8aConcat(this.#stateRoot, encodeChanges(changes)));
    const header = this.meta.registry.createTypeUnsafe<Header>("Header", [
      {
        parentHash: parent?.hash ?? new Uint8Array(32),
        number,
        stateRoot: this.#stateRoot,
        extrinsicsRoot: EMPTY_TRIE_ROOT,
        digest: { logs },
      },
    ]);
    const block: DevBlock = {
      number,
      hash: blake2AsHex(header.toU8a()),
      header,
      specVersion: this.#specVersion,
      timestamp,
    };
    this.#blocks.push(block);
    this.#byHash.set(block.hash, number);
    for (const listener of [...this.#listeners]) listener(block, changes);
    return block;
  }
}

// A deterministic digest of a block's writes, chained into the state root.
function encodeChanges(changes: Changes): Uint8Array {
  const parts = [...changes.keys()].sort().flatMap((key) => {
    const value = changes.get(key);
    return [
      stringToU8a(key),
      value === null || value === undefined
        ? new Uint8Array([0])
        : u8aConcat(compactToU8a(value.length), stringToU8a(value)),
    ];
  });
  return u8aConcat(...parts);
}
