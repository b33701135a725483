// Typed access to the devnet's storage at one point: either the pending block (read-write, what dev methods
// and block hooks mutate) or a sealed block (read-only, what RPC queries and runtime API calls see).
import type { Codec } from "@polkadot/types/types";
import type { StorageSchema } from "./storage-schema";

export interface StateBackend {
  read(key: string): string | null;
  // Keys holding a value under a prefix, in key order.
  keys(prefix: string): string[];
  write?(key: string, value: string | null): void;
}

export class State {
  constructor(
    readonly schema: StorageSchema,
    readonly backend: StateBackend,
  ) {}

  get registry() {
    return this.schema.registry;
  }

  // null only for an absent OptionQuery value; ValueQuery items read as their default.
  get(pallet: string, item: string, args: readonly unknown[] = []): Codec | null {
    return this.schema.decode(pallet, item, this.backend.read(this.schema.key(pallet, item, args)));
  }

  // For ValueQuery items, which always have a value.
  value(pallet: string, item: string, args: readonly unknown[] = []): Codec {
    const value = this.get(pallet, item, args);
    if (value === null) throw new Error(`devnet storage: ${pallet}.${item} is an OptionQuery item`);
    return value;
  }

  has(pallet: string, item: string, args: readonly unknown[] = []): boolean {
    return this.backend.read(this.schema.key(pallet, item, args)) !== null;
  }

  put(pallet: string, item: string, args: readonly unknown[], value: unknown): void {
    this.#write(this.schema.key(pallet, item, args), this.schema.encode(pallet, item, value));
  }

  remove(pallet: string, item: string, args: readonly unknown[] = []): void {
    this.#write(this.schema.key(pallet, item, args), null);
  }

  // Every value under a partial key, e.g. all CommitmentOf entries of one netuid.
  entries(pallet: string, item: string, args: readonly unknown[]): { key: string; value: Codec }[] {
    return this.backend.keys(this.schema.key(pallet, item, args)).flatMap((key) => {
      const value = this.schema.decode(pallet, item, this.backend.read(key));
      return value === null ? [] : [{ key, value }];
    });
  }

  #write(key: string, value: string | null): void {
    if (!this.backend.write) throw new Error("devnet storage: a sealed block is read-only");
    this.backend.write(key, value);
  }
}
