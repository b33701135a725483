// Chain ingest: every finalized block from the stored cursor to the newest finalized head, in order. Ranges of
// blocks are read ahead in parallel while the previous range is written, strictly in order, one transaction
// per range with the cursor; a crash or a dropped connection resumes from the cursor.
import type { Db } from "@/db/client";
import { CursorConflictError, getIngestCursor, skipGap, type CursorKey } from "@/db/queries/chain";
import type { Logger } from "@/lib/log";
import { WorkerLoop } from "../shared/loop";
import {
  defaultStartBlock,
  gapMessage,
  isPrunedStateError,
  isStateDiscardedError,
  startPrunedMessage,
  type ArchiveEndpoint,
} from "./archive";
import type { ReadFlags } from "./block-reader";
import { readerFor, rpcFor, type ChainLink, type LinkOptions } from "./chain-link";
import type { FinalizedHead, IngestDetail } from "./follower";
import { ProgressMeter } from "./progress";
import { ReadAhead } from "./read-ahead";
import { isReRegistered, readRegisteredAt, reRegisteredMessage } from "./subnet-identity";
import type { BlockData } from "./types";
import { BlockWriter } from "./writer";

/** A range as read, with the netuid's registration at its last block ("unknown" where the runtime lacks it). */
interface RangeRead {
  blocks: BlockData[];
  registeredAt: number | null | "unknown";
}

export interface ChainIngestOptions {
  db: Db;
  network: string;
  netuid: number;
  log: Logger;
  /**
   * The first block to ingest when the database has no cursor; default: the finalized head, or head minus
   * `startLagBlocks` when an archive endpoint can serve older blocks.
   */
  startBlock?: number;
  /** With an archive endpoint; default 7,200 (one day of 12-second blocks). */
  startLagBlocks?: number;
  /** RPC requests in flight at once (default 16). */
  concurrency?: number;
  /** Blocks read and written together during a backfill (default 256). */
  rangeSize?: number;
  /** Ranges being read while the oldest is written (default 3). */
  readAhead?: number;
  /** Lag above which ingest is a backfill (range transactions, no per-block notifications); default 16. */
  backfillLag?: number;
  archive?: ArchiveEndpoint | null;
  /** Blocks further than this behind the head are read from the archive, when there is one (default 256). */
  archiveAfterBlocks?: number;
  progressIntervalMs?: number;
  backoff?: { baseMs: number; maxMs: number };
  report?: (detail: IngestDetail, lastError?: string) => Promise<void> | void;
}

export class ChainIngest {
  private link: ChainLink | null = null;
  private head: FinalizedHead | null = null;
  private scanned = false;
  private stopping = false;
  /** After a gap the metagraph and commitments are read afresh, as at the first block ever ingested. */
  private resumed = false;
  /** Why ingest stopped for good (a configuration the node cannot serve, a re-registered netuid). */
  private halted: string | null = null;
  private readonly loop: WorkerLoop;
  private readonly writer: BlockWriter;
  private readonly progress: ProgressMeter;

  constructor(private readonly options: ChainIngestOptions) {
    this.writer = new BlockWriter(options.db, options.network, options.netuid);
    this.progress = new ProgressMeter({
      log: options.log,
      intervalMs: options.progressIntervalMs ?? 5_000,
      backfillLag: options.backfillLag ?? 16,
      report: (detail) => options.report?.(detail),
    });
    this.loop = new WorkerLoop({
      iterate: () => this.sync(),
      minIntervalMs: 0,
      idleMs: 60_000,
      backoff: options.backoff ?? { baseMs: 1_000, maxMs: 60_000 },
      onError: async (error, attempt, retryInMs) => {
        const message = error instanceof Error ? error.message : String(error);
        options.log.error("ingest failed, retrying", { error, attempt, retryInMs });
        await options.report?.(this.progress.detail, message);
      },
    });
  }

  /** The follower's hook: a new finalized head on the current connection. */
  onFinalized(link: ChainLink, head: FinalizedHead): void {
    this.link = link;
    // Heads may be handed over out of order; the finalized head never goes back.
    if (!this.head || head.number > this.head.number) this.head = head;
    this.progress.setTarget(head.number);
    this.loop.start();
    this.loop.notify();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop.stop();
    await this.options.archive?.close();
  }

  private get key(): CursorKey {
    return { network: this.options.network, netuid: this.options.netuid };
  }

  private async sync(): Promise<void> {
    const link = this.link;
    const head = this.head;
    if (!link || !head || this.stopping || this.halted) return;
    const { db } = this.options;
    const cursor = await getIngestCursor(db, this.key);
    const from = cursor ? cursor.blockNumber + 1 : this.startBlock(head.number);
    if (from > head.number) return;
    let initial = cursor === null;
    let followed = cursor?.subnetRegisteredAt ?? null;
    const fresh = initial || this.resumed;
    const flags: ReadFlags = {
      fullScanAt: this.scanned && !fresh ? undefined : from,
      startSnapshotAt: fresh ? from : undefined,
    };
    if (head.number - from > this.backfillLag) {
      this.options.log.info("backfill starting", { from, to: head.number, blocks: head.number - from + 1 });
    }
    const ranges = new ReadAhead(from, {
      depth: this.options.readAhead ?? 3,
      rangeSize: this.options.rangeSize ?? 256,
      target: () => this.head?.number ?? head.number,
      read: (start, end) => this.read(link, start, end, flags),
    });
    try {
      for (let read = await ranges.next(); read && !this.stopping; read = await ranges.next()) {
        const seen = read.registeredAt === "unknown" ? null : read.registeredAt;
        const reRegistered = isReRegistered(followed, seen) ? seen : null;
        // Blocks from a re-registration on are another subnet's: write only those before it, then stop.
        const range =
          reRegistered === null ? read.blocks : read.blocks.filter((b) => b.number < reRegistered);
        const last = range[range.length - 1];
        if (last) {
          await this.writeRange(range, last, {
            initial,
            live: (this.head?.number ?? head.number) - last.number <= this.backfillLag,
            subnetRegisteredAt: seen,
          });
          initial = false;
          this.resumed = false;
          followed ??= seen;
        }
        if (reRegistered !== null && followed !== null) {
          await this.halt(reRegisteredMessage(this.options.netuid, followed, reRegistered));
          return;
        }
      }
      await this.progress.flush();
    } catch (error) {
      // Someone else moved the cursor (a second writer): start again from where it is now.
      if (error instanceof CursorConflictError)
        this.options.log.warn("cursor moved under us", { error: error.message });
      else if (isStateDiscardedError(error) && !this.options.archive) await this.pruned(link, error);
      else throw error;
    }
  }

  private async writeRange(
    range: readonly BlockData[],
    last: BlockData,
    options: { initial: boolean; live: boolean; subnetRegisteredAt: number | null },
  ): Promise<void> {
    const result = await this.writer.write(range, options);
    this.scanned = true;
    for (const d of result.deregistered)
      this.options.log.info("deregistration", { block: d.block, uids: d.uids });
    for (const w of result.swapped) this.options.log.info("hotkey swapped", { ...w });
    if (result.submissions > 0)
      this.options.log.info("submissions", { block: last.number, created: result.submissions });
    await this.progress.written(last.number, range.length);
  }

  /**
   * The node no longer has the state ingest needs and there is no archive endpoint. A fresh database that
   * asked for an old block (CHAIN_START_BLOCK) cannot start: say so and stop. Otherwise ingest was away longer
   * than the pruning window: record the blocks it cannot read as a gap and resume at the finalized head.
   */
  private async pruned(link: ChainLink, error: unknown): Promise<void> {
    const head = this.head;
    // Ranges may have been written before the refusal: the gap starts after the cursor as it is now.
    const cursor = await getIngestCursor(this.options.db, this.key);
    const from = cursor ? cursor.blockNumber + 1 : this.startBlock(head?.number ?? 0);
    if (!cursor || !head) {
      this.options.log.error("start block pruned", { block: from, error });
      await this.halt(startPrunedMessage(from));
      return;
    }
    const rpc = rpcFor(link, this.linkOptions);
    const to = head.number - 1;
    if (to < from) throw error;
    const [hash, headHash] = await rpc.blockHashes([to, head.number]);
    if (!hash || !headHash) throw error;
    const version = await rpc.runtimeVersion(headHash);
    const reason = gapMessage(from, to);
    await this.options.db.transaction((tx) =>
      skipGap(tx, {
        ...this.key,
        from: { number: cursor.blockNumber, hash: cursor.blockHash },
        to: { number: to, hash, specVersion: version.specVersion },
        reason,
      }),
    );
    this.options.log.warn("gap recorded", { from, to, blocks: to - from + 1 });
    this.resumed = true;
    await this.options.report?.(this.progress.detail, reason);
    this.loop.notify();
  }

  private async halt(message: string): Promise<void> {
    this.halted = message;
    this.options.log.error("ingest stopped", { reason: message });
    await this.progress.flush();
    await this.options.report?.({ ...this.progress.detail, problem: message }, message);
  }

  private get linkOptions(): LinkOptions {
    return {
      netuid: this.options.netuid,
      concurrency: this.options.concurrency ?? 16,
      log: this.options.log,
    };
  }

  private get backfillLag(): number {
    return this.options.backfillLag ?? 16;
  }

  private startBlock(head: number): number {
    return defaultStartBlock(head, {
      startBlock: this.options.startBlock,
      startLagBlocks: this.options.startLagBlocks,
      archive: Boolean(this.options.archive),
    });
  }

  /** Blocks `from`..`to`, from the archive when they are older than the main node keeps. */
  private async read(link: ChainLink, from: number, to: number, flags: ReadFlags): Promise<RangeRead> {
    const { archive } = this.options;
    const head = this.head?.number ?? to;
    const readerOptions = this.linkOptions;
    const readFrom = async (l: ChainLink): Promise<RangeRead> => {
      const blocks = await readerFor(l, readerOptions).readRange(from, to, flags);
      const last = blocks[blocks.length - 1];
      const registeredAt = last
        ? await readRegisteredAt(l, rpcFor(l, readerOptions), this.options.netuid, last.hash)
        : "unknown";
      return { blocks, registeredAt };
    };
    const fromArchive = async (a: ArchiveEndpoint) => readFrom(await a.link());
    if (archive && head - to > (this.options.archiveAfterBlocks ?? 256)) return fromArchive(archive);
    try {
      return await readFrom(link);
    } catch (error) {
      if (archive && isPrunedStateError(error)) return fromArchive(archive);
      throw error;
    }
  }
}
