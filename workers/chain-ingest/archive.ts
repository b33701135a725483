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

/**
 * Only a node's own pruning refusal (sc-client-db's "State already discarded for 0x…", JSON-RPC 4003): what
 * ingest skips as a gap. A block the node does not have yet (a node behind a load balancer) is retried instead.
 */
export function isStateDiscardedError(error: unknown): boolean {
  return error instanceof Error && /state already discarded/i.test(error.message);
}

/** A day of 12-second blocks: how far back a fresh database backfills when an archive node can serve it. */
export const ARCHIVE_START_LAG_BLOCKS = 7_200;

/**
 * Where a fresh database starts: CHAIN_START_BLOCK when set; else a day back when an archive node can serve
 * it; else the finalized head, the only block a pruned node is sure to still have the state of.
 */
export function defaultStartBlock(
  head: number,
  options: { startBlock?: number; startLagBlocks?: number; archive: boolean },
): number {
  if (options.startBlock !== undefined) return options.startBlock;
  if (!options.archive) return head;
  return Math.max(0, head - (options.startLagBlocks ?? ARCHIVE_START_LAG_BLOCKS));
}

/** What the status page says when the configured start block is older than a pruned node keeps. */
export function startPrunedMessage(block: number): string {
  return (
    `CHAIN_ENDPOINT no longer has the state of block #${block} (CHAIN_START_BLOCK): it is a pruned node, which ` +
    "keeps only the last few hundred blocks. Set CHAIN_ARCHIVE_ENDPOINT to an archive node to backfill, or " +
    "unset CHAIN_START_BLOCK to start at the finalized head."
  );
}

/** What the status page says about blocks skipped after an outage longer than the node's pruning window. */
export function gapMessage(from: number, to: number): string {
  return (
    `blocks #${from}–#${to} were pruned from CHAIN_ENDPOINT before ingest read them (an outage longer than ` +
    "the node's pruning window); they are recorded as a gap and ingest resumed at the finalized head. " +
    "Set CHAIN_ARCHIVE_ENDPOINT to an archive node to read such blocks."
  );
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
