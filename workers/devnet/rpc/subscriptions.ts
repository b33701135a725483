// Substrate pub/sub over the devnet's connections: new, all and finalized heads, runtime versions and
// storage changes, each notified with the method name polkadot.js expects (`chain_newHead`...).
import type { DevBlock } from "../chain";
import type { Changes } from "../store";

export type SubscriptionKind = "newHead" | "allHead" | "finalizedHead" | "runtimeVersion" | "storage";

export interface Subscriber {
  send(message: unknown): void;
}

interface Subscription {
  id: string;
  kind: SubscriptionKind;
  owner: Subscriber;
  keys: Set<string> | null;
}

const NOTIFICATION: Record<SubscriptionKind, string> = {
  newHead: "chain_newHead",
  allHead: "chain_allHead",
  finalizedHead: "chain_finalizedHead",
  runtimeVersion: "state_runtimeVersion",
  storage: "state_storage",
};

export interface BlockView {
  header(block: DevBlock): unknown;
  runtimeVersion(block: DevBlock): unknown;
  storage(block: DevBlock, keys: readonly string[]): [string, string | null][];
}

export class SubscriptionHub {
  readonly #subs = new Map<string, Subscription>();
  #next = 0;
  #lastFinalized = -1;
  #lastSpec = -1;

  constructor(readonly view: BlockView) {}

  subscribe(
    owner: Subscriber,
    kind: SubscriptionKind,
    keys: readonly string[] | null,
    current: DevBlock,
    finalized: DevBlock,
  ): string {
    this.#next += 1;
    const id = `0x${this.#next.toString(16).padStart(16, "0")}`;
    const sub: Subscription = {
      id,
      kind,
      owner,
      keys: keys ? new Set(keys.map((k) => k.toLowerCase())) : null,
    };
    this.#subs.set(id, sub);
    // Like a node, a new subscriber gets the current value first; after the id it is answered with.
    setImmediate(() => {
      if (!this.#subs.has(id)) return;
      if (kind === "storage") {
        this.#notify(sub, {
          block: current.hash,
          changes: this.view.storage(current, [...(sub.keys ?? [])]),
        });
      } else if (kind === "runtimeVersion") this.#notify(sub, this.view.runtimeVersion(current));
      else this.#notify(sub, this.view.header(kind === "finalizedHead" ? finalized : current));
    });
    return id;
  }

  unsubscribe(owner: Subscriber, kind: SubscriptionKind, id: string): boolean {
    const sub = this.#subs.get(id);
    if (!sub || sub.owner !== owner || sub.kind !== kind) return false;
    return this.#subs.delete(id);
  }

  drop(owner: Subscriber): void {
    for (const [id, sub] of this.#subs) if (sub.owner === owner) this.#subs.delete(id);
  }

  onBlock(block: DevBlock, finalized: DevBlock, changes: Changes): void {
    const finalizedMoved = finalized.number !== this.#lastFinalized;
    const upgraded = this.#lastSpec !== -1 && block.specVersion !== this.#lastSpec;
    this.#lastFinalized = finalized.number;
    this.#lastSpec = block.specVersion;
    for (const sub of this.#subs.values()) {
      switch (sub.kind) {
        case "newHead":
        case "allHead":
          this.#notify(sub, this.view.header(block));
          break;
        case "finalizedHead":
          if (finalizedMoved) this.#notify(sub, this.view.header(finalized));
          break;
        case "runtimeVersion":
          if (upgraded) this.#notify(sub, this.view.runtimeVersion(block));
          break;
        case "storage": {
          const changed = [...changes].filter(([key]) => !sub.keys || sub.keys.has(key));
          if (changed.length) this.#notify(sub, { block: block.hash, changes: changed });
          break;
        }
      }
    }
  }

  #notify(sub: Subscription, result: unknown): void {
    sub.owner.send({
      jsonrpc: "2.0",
      method: NOTIFICATION[sub.kind],
      params: { subscription: sub.id, result },
    });
  }
}
