// Chain ingest: every finalized block from the stored cursor to the newest finalized head, in order. Ranges of
// blocks are read ahead in parallel while the previous range is written, strictly in order, one transaction
// per range with the cursor; a crash or a dropped connection resumes from the cursor.
import type { Db } from "@/db/client";
import { CursorConflictError, getIngestCursor } from "@/db/queries/chain";
import type { Logger } from "@/lib/log";
import { WorkerLoop } from "../shared/loop";
import { isPrunedStateError, type ArchiveEndpoint } from "./archive";
import type { ReadFlags } from "./block-reader";
import { readerFor, type ChainLink } from "./chain-link";
import type { FinalizedHead, IngestDetail } from "./follower";
import { ProgressMeter } from "./progress";
import { ReadAhead } from "./read-ahead";
import type { BlockData } from "./types";
import { BlockWriter } from "./writer";

export interface ChainIngestOptions {
  db: Db;
  network: string;
  netuid: number;
  log: Logger;
  /** The first block to ingest when the database has no cursor; default: head minus `startLagBlocks`. */
  startBlock?: number;
  /** Default 7,200 (one day of 12-second blocks). */
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

  private async sync(): Promise<void> {
    const link = this.link;
    const head = this.head;
    if (!link || !head || this.stopping) return;
    const { db, network } = this.options;
    const cursor = await getIngestCursor(db, network);
    const from = cursor ? cursor.blockNumber + 1 : this.startBlock(head.number);
    if (from > head.number) return;
    let initial = cursor === null;
    const flags: ReadFlags = {
      fullScanAt: this.scanned ? undefined : from,
      startSnapshotAt: initial ? from : undefined,
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
      for (let range = await ranges.next(); range && !this.stopping; range = await ranges.next()) {
        const last = range[range.length - 1];
        if (!last) break;
        const target = this.head?.number ?? head.number;
        const result = await this.writer.write(range, {
          initial,
          live: target - last.number <= this.backfillLag,
        });
        initial = false;
        this.scanned = true;
        for (const d of result.deregistered)
          this.options.log.info("deregistration", { block: d.block, uids: d.uids });
        if (result.submissions > 0)
          this.options.log.info("submissions", { block: last.number, created: result.submissions });
        await this.progress.written(last.number, range.length);
      }
      await this.progress.flush();
    } catch (error) {
      // Someone else moved the cursor (a second writer): start again from where it is now.
      if (error instanceof CursorConflictError)
        this.options.log.warn("cursor moved under us", { error: error.message });
      else throw error;
    }
  }

  private get backfillLag(): number {
    return this.options.backfillLag ?? 16;
  }

  private startBlock(head: number): number {
    return this.options.startBlock ?? Math.max(0, head - (this.options.startLagBlocks ?? 7_200));
  }

  /** Blocks `from`..`to`, from the archive when they are older than the main node keeps. */
  private async read(link: ChainLink, from: number, to: number, flags: ReadFlags): Promise<BlockData[]> {
    const { archive } = this.options;
    const head = this.head?.number ?? to;
    const readerOptions = {
      netuid: this.options.netuid,
      concurrency: this.options.concurrency ?? 16,
      log: this.options.log,
    };
    const fromArchive = async (a: ArchiveEndpoint) =>
      readerFor(await a.link(), readerOptions).readRange(from, to, flags);
    if (archive && head - to > (this.options.archiveAfterBlocks ?? 256)) return fromArchive(archive);
    try {
      return await readerFor(link, readerOptions).readRange(from, to, flags);
    } catch (error) {
      if (archive && isPrunedStateError(error)) return fromArchive(archive);
      throw error;
    }
  }
}
