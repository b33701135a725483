// An incremental, strict parser for the subset of server-sent events that OpenAI-compatible servers speak:
// `data:` lines, `:` comments and blank lines between events. It works on raw socket bytes so each event is
// stamped with the arrival time of the bytes that completed it, never with the time the body ended.

/** A violation of the stream format: the runner reports it as `api_noncompliant`. */
export class SseViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SseViolation";
  }
}

export interface SseEvent {
  /** The event's data lines joined with "\n", as the SSE specification builds them. */
  readonly data: string;
  /** Arrival time (monotonic ms) of the socket read that completed the event. */
  readonly at: number;
}

const LF = 0x0a;
const CR = 0x0d;
/** A line longer than this is not a chat chunk (even with top-5 logprobs): refuse it rather than buffer it. */
export const MAX_LINE_BYTES = 1 << 20;

/**
 * Takes data events of a known byte layout without decoding them (the client's timed pass, where nearly every
 * event is a chunk in its server's one layout). Offered the bytes at the start of each line (up to `limit`, the
 * read's last newline), it takes a whole single-line event there, its blank line included, and returns the
 * index just past it; or it returns -1 and the line is parsed as usual.
 */
export interface SseShortcut {
  take(bytes: Buffer, start: number, limit: number, at: number): number;
}

export class SseParser {
  private partial: Buffer | null = null;
  private dataLines: string[] = [];

  constructor(
    private readonly onEvent: (event: SseEvent) => void,
    private readonly shortcut?: SseShortcut,
  ) {}

  /** Feeds one socket read. Throws SseViolation; events already complete in `bytes` are delivered first. */
  push(bytes: Buffer, at: number): void {
    let rest = bytes;
    if (this.partial !== null) {
      // Only the line the last read left unfinished is copied together, not the whole of this read. With the
      // blank line after it, when that follows at once: the event is then whole, so the shortcut can take it
      // (otherwise the event a read boundary cuts through, about one a read, goes to the full parse).
      const newline = bytes.indexOf(LF);
      if (newline === -1) {
        this.keep(Buffer.concat([this.partial, bytes]));
        return;
      }
      const headEnd = bytes[newline + 1] === LF ? newline + 2 : newline + 1;
      const head = Buffer.concat([this.partial, bytes.subarray(0, headEnd)]);
      this.partial = null;
      this.wholeLines(head, head.length - 1, at);
      rest = bytes.subarray(headEnd);
    }
    const lastNewline = rest.lastIndexOf(LF);
    if (lastNewline !== -1) this.wholeLines(rest, lastNewline, at);
    if (lastNewline + 1 < rest.length) this.keep(rest.subarray(lastNewline + 1));
  }

  /** The body ended: an unterminated line or event is a truncated stream. */
  end(): void {
    if (this.partial !== null && this.partial.length > 0)
      throw new SseViolation("the stream ended in the middle of a line");
    if (this.dataLines.length > 0)
      throw new SseViolation("the stream ended before the blank line closing an event");
  }

  /** The start of a line whose end has not arrived yet. */
  private keep(tail: Buffer): void {
    if (tail.length > MAX_LINE_BYTES) throw new SseViolation(`an SSE line exceeds ${MAX_LINE_BYTES} bytes`);
    this.partial = tail;
  }

  /** buf[0, lastNewline] is whole lines. */
  private wholeLines(buf: Buffer, lastNewline: number, at: number): void {
    if (this.shortcut) this.linesWithShortcut(buf, lastNewline, this.shortcut, at);
    else this.lines(buf, lastNewline, at);
  }

  // The whole lines of a read are decoded in one go (a newline never falls inside a UTF-8 sequence, so a
  // character split across reads stays in the tail), then cut with string slices: one native call per read.
  private lines(buf: Buffer, lastNewline: number, at: number): void {
    const text = buf.toString("utf8", 0, lastNewline + 1);
    for (let start = 0; start < text.length;) {
      const newline = text.indexOf("\n", start);
      // CRLF endings are legal SSE; a bare CR inside a line is left to the JSON parser, which tolerates it.
      const end = newline > start && text.charCodeAt(newline - 1) === CR ? newline - 1 : newline;
      this.line(text, start, end, at);
      start = newline + 1;
    }
  }

  // Line by line on the bytes, offering each line that could start an event to the shortcut first.
  private linesWithShortcut(buf: Buffer, lastNewline: number, shortcut: SseShortcut, at: number): void {
    for (let start = 0; start <= lastNewline;) {
      if (this.dataLines.length === 0) {
        const next = shortcut.take(buf, start, lastNewline, at);
        if (next !== -1) {
          start = next;
          continue;
        }
      }
      const newline = buf.indexOf(LF, start);
      const end = newline > start && buf[newline - 1] === CR ? newline - 1 : newline;
      const text = buf.toString("utf8", start, end);
      this.line(text, 0, text.length, at);
      start = newline + 1;
    }
  }

  /** The line text.slice(start, end). */
  private line(text: string, start: number, end: number, at: number): void {
    if (start === end) {
      if (this.dataLines.length === 0) return;
      const data = this.dataLines.length === 1 ? (this.dataLines[0] as string) : this.dataLines.join("\n");
      this.dataLines = [];
      this.onEvent({ data, at });
      return;
    }
    if (text.charCodeAt(start) === 0x3a) return; // ":" starts a comment (keep-alive pings)
    if (text.startsWith("data:", start)) {
      const from = text.charCodeAt(start + 5) === 0x20 && start + 5 < end ? start + 6 : start + 5;
      this.dataLines.push(text.slice(from, end));
      return;
    }
    // OpenAI and vLLM send only data lines; a named event or anything else would be dropped by OpenAI
    // clients, so a server sending it is not speaking the protocol the benchmark measures.
    const line = text.slice(start, end);
    throw new SseViolation(`unexpected SSE line ${JSON.stringify(line.slice(0, 80))} (expected "data: …")`);
  }
}
