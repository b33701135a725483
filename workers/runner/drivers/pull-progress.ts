import type { PullProgress } from "@/workers/runner/engine/live";

import type { ImageBlobs } from "./registry";

// `docker pull` without a terminal prints no byte counts, only one line per layer as its state changes
// (`3f4ca61aafcd: Download complete`), the layer named by the first 12 hex digits of its blob digest. The
// manifest read for the size cap lists each layer's size, so bytes done are the sizes of the layers whose
// download has ended: exact at each layer's end, and moving a layer at a time.

/** States after which a layer's bytes are on the host. */
const DONE = /^(download complete|already exists|pull complete)$/i;
const LAYER_LINE = /^([0-9a-f]{12}): (.+)$/;

export class PullTracker {
  private readonly sizes = new Map<string, number>();
  private readonly done = new Set<string>();
  private partial = "";

  constructor(
    blobs: ImageBlobs,
    private readonly onPull: (progress: PullProgress) => void,
  ) {
    for (const layer of blobs.layers)
      this.sizes.set(layer.digest.replace(/^sha256:/, "").slice(0, 12), layer.size);
    // Where the pull starts: nothing done yet, and how much there is.
    onPull(this.progress());
  }

  /** What the CLI printed next, in whatever chunks it arrived; `onPull` is told each time a layer ends. */
  feed(text: string): void {
    const lines = `${this.partial}${text}`.split(/\r?\n/);
    this.partial = lines.pop() ?? "";
    let moved = false;
    for (const line of lines) {
      const [, id = "", state = ""] = LAYER_LINE.exec(line.trim()) ?? [];
      if (!DONE.test(state) || !this.sizes.has(id) || this.done.has(id)) continue;
      this.done.add(id);
      moved = true;
    }
    if (moved) this.onPull(this.progress());
  }

  progress(): PullProgress {
    let doneBytes = 0;
    let totalBytes = 0;
    for (const [id, size] of this.sizes) {
      totalBytes += size;
      if (this.done.has(id)) doneBytes += size;
    }
    return { doneBytes, totalBytes, layersDone: this.done.size, layerCount: this.sizes.size };
  }
}
