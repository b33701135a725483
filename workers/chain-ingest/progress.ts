// Ingest speed and lag: one readable JSON log line every few seconds while blocks are written, and the same
// figures for the status row. The rate is measured over the last interval, so a backfill that slows down
// shows it at once instead of being averaged away.
import type { Logger } from "@/lib/log";
import type { IngestDetail } from "./follower";

export interface ProgressOptions {
  log: Logger;
  intervalMs: number;
  /** Lag (blocks behind the finalized head) above which ingest counts as a backfill. */
  backfillLag: number;
  report?: (detail: IngestDetail) => Promise<void> | void;
  now?: () => number;
}

export class ProgressMeter {
  private readonly now: () => number;
  private windowStart: number;
  private windowBlocks = 0;
  private rate = 0;
  private block: number | null = null;
  private target: number | null = null;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? Date.now;
    this.windowStart = this.now();
  }

  get detail(): IngestDetail {
    const lag = this.block !== null && this.target !== null ? Math.max(0, this.target - this.block) : null;
    return {
      mode: lag !== null && lag > this.options.backfillLag ? "backfill" : "following",
      block: this.block,
      targetBlock: this.target,
      lagBlocks: lag,
      blocksPerSecond: Math.round(this.rate * 10) / 10,
    };
  }

  /** The head being caught up with moved. */
  setTarget(target: number): void {
    this.target = Math.max(this.target ?? target, target);
  }

  /** Blocks up to `block` were written; logs and reports when an interval has passed. */
  async written(block: number, count: number): Promise<void> {
    this.block = block;
    this.windowBlocks += count;
    const elapsed = this.now() - this.windowStart;
    if (elapsed < this.options.intervalMs) return;
    await this.flush(elapsed);
  }

  /** Logs and reports now (at the end of a backfill, so its last figures are not lost). */
  async flush(elapsed = this.now() - this.windowStart): Promise<void> {
    this.rate = elapsed > 0 ? (this.windowBlocks * 1000) / elapsed : 0;
    this.windowStart = this.now();
    this.windowBlocks = 0;
    const detail = this.detail;
    this.options.log.info("ingest progress", { ...detail });
    try {
      await this.options.report?.(detail);
    } catch (error) {
      this.options.log.warn("could not report ingest progress", { error });
    }
  }
}
