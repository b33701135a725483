import type { ChatChunk } from "./chat-chunk";
import { grown } from "./content-log";
import type { SseShortcut } from "./sse";

const EMPTY = Buffer.alloc(0);
const BLANK_LINE = Buffer.from("\n\n");
const LF = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The timed pass's shortcut (workers/runner/engine/sse.ts): a server sends every content chunk of a stream in one layout
 * (vLLM: the same id, created and model, one delta.content), so once a chunk has been parsed and checked in
 * full, a later line that is byte for byte the same around its content, with a content that is a plain JSON
 * string (no quote, backslash or control byte), is that same valid chunk with another content: it is taken
 * without decoding or JSON.parse. Anything else (the role and finish chunks, usage, escapes, another layout)
 * is parsed in full, and a plain content chunk among them becomes the layout.
 */
export class ContentLayout implements SseShortcut {
  private prefix: Buffer | null = null;
  private suffix: Buffer = EMPTY;
  /** The suffix, the blank line and the prefix: the bytes between two contents of consecutive chunks. */
  private joint: Buffer = EMPTY;
  /** Scratch for take(): the bytes a run of chunks must be, and where their contents are. */
  private expected = new Uint8Array(1 << 16);
  private spans: Int32Array = new Int32Array(2 * 1024);

  /** `onContent` is told each chunk taken: its content is `read[from, to)`, the UTF-8 of a plain JSON string. */
  constructor(private readonly onContent: (read: Buffer, from: number, to: number, at: number) => void) {}

  /** Learns the layout from the data of a chunk that was parsed in full. */
  learn(data: string, chunk: ChatChunk): void {
    if (chunk.tokens !== null || chunk.finishReason !== null || chunk.promptTokens !== null) return;
    const content = chunk.content;
    if (content === "" || !isPlainText(content)) return;
    const needle = `"content":"${content}"`;
    const at = data.indexOf(needle);
    if (at === -1 || data.indexOf(needle, at + 1) !== -1) return;
    const start = at + needle.length - content.length - 1;
    // The line as the server writes it: vLLM puts a space after "data:"; a server that does not never matches.
    this.prefix = Buffer.from(`data: ${data.slice(0, start)}`);
    this.suffix = Buffer.from(data.slice(start + content.length));
    this.joint = Buffer.concat([this.suffix, BLANK_LINE, this.prefix]);
  }

  /**
   * Takes the run of layout chunks that starts here. The run is first read optimistically: each content is
   * found by scanning to its quote, and the bytes the run must then be (each content, then the suffix, the blank
   * line and the next prefix, or the suffix and the blank line at the end) are written into a scratch buffer,
   * which one comparison checks against the read. Each native comparison has a fixed cost larger than the rest
   * of a chunk's work, so one a read instead of one a chunk saves the client CPU on the timed pass
   * (bench/runner-client measures it). If anything differs, the run is taken again chunk by chunk, which stops
   * exactly where the layout does.
   */
  take(bytes: Buffer, start: number, limit: number, at: number): number {
    const prefix = this.prefix;
    if (prefix === null) return -1;
    const first = start + prefix.length;
    if (first > limit || bytes.compare(prefix, 0, prefix.length, start, first) !== 0) return -1;
    const run = this.readRun(bytes, first, limit);
    if (run.chunks === 0) return -1;
    const expected = this.expected;
    if (bytes.compare(expected, 0, run.length, first, first + run.length) !== 0)
      return this.takeOneByOne(bytes, first, limit, at);
    const spans = this.spans;
    for (let k = 0; k < run.chunks; k++)
      this.onContent(bytes, spans[2 * k] as number, spans[2 * k + 1] as number, at);
    return run.taken;
  }

  /**
   * The layout chunks that seem to start at `from` (a content's first byte): their content spans in `spans`,
   * and in `expected` the bytes from `from` to the end of what was read that the layout says they must be.
   * `taken` is the index past the last chunk's blank line.
   */
  private readRun(
    bytes: Buffer,
    from: number,
    limit: number,
  ): { chunks: number; length: number; taken: number } {
    const joint = this.joint;
    const suffixLength = this.suffix.length;
    const origin = from;
    let chunks = 0;
    let length = 0;
    let taken = -1;
    for (;;) {
      const to = contentEnd(bytes, from, limit);
      const end = to + suffixLength;
      if (to === -1 || to === from || end + 1 > limit) return { chunks, length, taken };
      // Chained when the next prefix's closing quote is where the layout puts it; the comparison decides.
      const next = to + joint.length;
      const chained = next <= bytes.length && bytes[next - 1] === QUOTE && bytes[end] === LF;
      const covered = (chained ? next : end + 2) - origin;
      if (covered > this.expected.length) this.expected = grown(this.expected, covered);
      if (2 * chunks + 2 > this.spans.length) this.spans = grown(this.spans, 2 * chunks + 2);
      const expected = this.expected;
      for (let i = from; i < to; i++) expected[i - origin] = bytes[i] as number;
      if (chained) expected.set(joint, to - origin);
      else {
        expected.set(this.suffix, to - origin);
        expected[end - origin] = LF;
        expected[end + 1 - origin] = LF;
      }
      this.spans[2 * chunks] = from;
      this.spans[2 * chunks + 1] = to;
      chunks++;
      length = covered;
      taken = end + 2;
      if (!chained) return { chunks, length, taken };
      from = next;
    }
  }

  /** The same run, each chunk compared on its own (after a difference: the run ends somewhere in this read). */
  private takeOneByOne(bytes: Buffer, from: number, limit: number, at: number): number {
    let taken = -1;
    for (;;) {
      const to = contentEnd(bytes, from, limit);
      const end = to + this.suffix.length;
      if (to === -1 || to === from || end + 1 > limit) return taken;
      const next = to + this.joint.length;
      const chained = next <= bytes.length && bytes.compare(this.joint, 0, this.joint.length, to, next) === 0;
      if (!chained) {
        if (bytes[end] !== LF || bytes[end + 1] !== LF) return taken;
        if (bytes.compare(this.suffix, 0, this.suffix.length, to, end) !== 0) return taken;
      }
      // Handed over undecoded: the client copies the few bytes and decodes them after the stream (content-log).
      this.onContent(bytes, from, to, at);
      taken = end + 2;
      if (!chained) return taken;
      from = next;
    }
  }
}

/**
 * Where the plain content starting at `from` ends: its closing quote, at most at `limit`; -1 when a backslash
 * or control byte comes first (an escape, a newline: not the layout) or there is no quote. Scanning for it
 * finds the line's end without searching for its newline.
 */
function contentEnd(bytes: Buffer, from: number, limit: number): number {
  for (let to = from; to <= limit; to++) {
    const b = bytes[to] as number;
    if (b === QUOTE) return to;
    if (b < 0x20 || b === BACKSLASH) return -1;
  }
  return -1;
}

/** Whether `text` between quotes is a JSON string whose value is `text` itself. */
function isPlainText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}
