/**
 * The content chunks of one stream, in arrival order: each one's arrival time, and its text, either a string
 * (a chunk parsed in full) or bytes copied out of the socket read (a chunk the timed pass's layout took,
 * workers/runner/engine/content-layout.ts), decoded once the stream has ended. While the stream runs, a taken chunk costs a
 * few typed-array writes. Keeping a string and two array entries a chunk, all alive to the end of the stream,
 * had the client spend much of the timed pass growing arrays and collecting garbage (bench/README.md, sse).
 */
export class ContentLog {
  private times = new Float64Array(256);
  /** Per chunk: its bytes' start and end in `bytes`; a start of -1 - k means its text is `texts[k]`. */
  private spans = new Int32Array(256 * 2);
  private bytes = new Uint8Array(4096);
  private byteLength = 0;
  private readonly texts: string[] = [];
  private length = 0;

  get count(): number {
    return this.length;
  }

  /** Arrival of the first chunk; null when there was none. */
  get firstAt(): number | null {
    return this.length === 0 ? null : (this.times[0] as number);
  }

  get lastAt(): number | null {
    return this.length === 0 ? null : (this.times[this.length - 1] as number);
  }

  /** A chunk whose content was decoded by the full parse. */
  addText(content: string, at: number): void {
    this.texts.push(content);
    this.add(-this.texts.length, 0, at);
  }

  /** A chunk whose content is `read[from, to)`, UTF-8 as the server sent it (a few bytes: copied by hand). */
  addSpan(read: Uint8Array, from: number, to: number, at: number): void {
    const start = this.byteLength;
    const end = start + (to - from);
    if (end > this.bytes.length) this.bytes = grown(this.bytes, end);
    const bytes = this.bytes;
    for (let i = from, j = start; i < to; i++, j++) bytes[j] = read[i] as number;
    this.byteLength = end;
    this.add(start, end, at);
  }

  /**
   * The arrival times and the joined text. Each chunk's bytes are decoded on their own, as the full parse
   * decodes a chunk (an invalid sequence becomes U+FFFD within its chunk); a run of copied chunks that is all
   * ASCII, as nearly every run is, is decoded in one go, which is the same.
   */
  finish(): { times: number[]; text: string } {
    const times = new Array<number>(this.length);
    for (let i = 0; i < this.length; i++) times[i] = this.times[i] as number;
    const all = Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.byteLength);
    const spans = this.spans;
    const parts: string[] = [];
    for (let i = 0; i < this.length;) {
      const start = spans[2 * i] as number;
      if (start < 0) {
        parts.push(this.texts[-start - 1] as string);
        i++;
        continue;
      }
      // Copied chunks that follow each other have adjoining bytes.
      let next = i + 1;
      while (next < this.length && (spans[2 * next] as number) >= 0) next++;
      const end = spans[2 * next - 1] as number;
      if (isAscii(all, start, end)) parts.push(all.toString("latin1", start, end));
      else
        for (let k = i; k < next; k++)
          parts.push(all.toString("utf8", spans[2 * k] as number, spans[2 * k + 1] as number));
      i = next;
    }
    return { times, text: parts.join("") };
  }

  private add(start: number, end: number, at: number): void {
    if (this.length === this.times.length) {
      this.times = grown(this.times, this.length + 1);
      this.spans = grown(this.spans, 2 * (this.length + 1));
    }
    this.times[this.length] = at;
    this.spans[2 * this.length] = start;
    this.spans[2 * this.length + 1] = end;
    this.length++;
  }
}

/** A copy of `array` with room for at least `needed` elements (doubling). */
export function grown<T extends Float64Array | Int32Array | Uint8Array>(array: T, needed: number): T {
  let size = array.length * 2;
  while (size < needed) size *= 2;
  const bigger = new (array.constructor as new (length: number) => T)(size);
  bigger.set(array);
  return bigger;
}

function isAscii(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if ((bytes[i] as number) >= 0x80) return false;
  return true;
}
