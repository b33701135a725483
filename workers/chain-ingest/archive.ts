// The optional archive endpoint: a node that keeps every block's state, for backfilling blocks older than the
// main endpoint keeps (a pruned node answers "State already discarded" for them). Opened on first use only.
import { ApiPromise, WsProvider } from "@polkadot/api";
import type { Logger } from "@/lib/log";
import type { ChainLink } from "./chain-link";

// How a pruned node (or one that never had the block) words its refusal.
const PRUNED =
  /state already discarded|state .*pruned|unknown block|header was not found|no state for block|the node has no/i;

export function isPrunedStateError(error: unknown): boolean {
  return error instanceof Error && PRUNED.test(error.message);
}

export class ArchiveEndpoint {
  private opening: Promise<ChainLink> | null = null;

  constructor(
    readonly endpoint: string,
    private readonly log: Logger,
    private readonly connectTimeoutMs = 15_000,
  ) {}

  link(): Promise<ChainLink> {
    if (!this.opening) {
      const opening = this.open();
      // A failed connection is retried on next use rather than remembered.
      opening.catch(() => {
        if (this.opening === opening) this.opening = null;
      });
      this.opening = opening;
    }
    return this.opening;
  }

  private async open(): Promise<ChainLink> {
    const provider = new WsProvider(this.endpoint, 1_000, {}, this.connectTimeoutMs);
    try {
      const api = await ApiPromise.create({ provider, throwOnConnect: true, noInitWarn: true });
      this.log.info("archive connected", {
        endpoint: this.endpoint,
        specVersion: api.runtimeVersion.specVersion.toNumber(),
      });
      return { api, sender: provider };
    } catch (error) {
      await provider.disconnect().catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = null;
    if (!opening) return;
    const link = await opening.catch(() => null);
    await link?.api.disconnect().catch(() => undefined);
  }
}
