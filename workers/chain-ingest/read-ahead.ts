/**
 * Keeps up to `depth` ranges of blocks being read while the caller writes the oldest, handing them out
 * strictly in order. Each range's reads already run in parallel; overlapping ranges also hides the gaps
 * between a range's stages (hashes, headers, blocks), which the node would otherwise sit idle through.
 */
export class ReadAhead<R> {
  private readonly queue: Promise<R>[] = [];

  constructor(
    private nextFrom: number,
    private readonly options: {
      depth: number;
      rangeSize: number;
      /** The newest block to read up to; it may move while reading. */
      target: () => number;
      read: (from: number, to: number) => Promise<R>;
    },
  ) {}

  /** The next range, or null once caught up with the target. */
  async next(): Promise<R | null> {
    this.fill();
    // The range handed out counts against `depth` until the caller asks for the next one.
    return this.queue.shift() ?? null;
  }

  private fill(): void {
    const { depth, rangeSize, target, read } = this.options;
    while (this.queue.length < depth && this.nextFrom <= target()) {
      const to = Math.min(target(), this.nextFrom + rangeSize - 1);
      const range = read(this.nextFrom, to);
      // Observed when its turn comes; a range abandoned after an earlier failure must not crash the process.
      range.catch(() => undefined);
      this.queue.push(range);
      this.nextFrom = to + 1;
    }
  }
}
