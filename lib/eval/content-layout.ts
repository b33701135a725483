import type { ChatChunk } from "./chat-chunk";
import type { SseShortcut } from "./sse";

const EMPTY = Buffer.alloc(0);
const BLANK_LINE = Buffer.from("\n\n");
const LF = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The timed pass's shortcut (lib/eval/sse.ts): a server sends every content chunk of a stream in one layout
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
   * Takes the run of layout chunks that starts here. Between two of them, one comparison checks the first's
   * suffix, the blank line and the second's prefix at once.
   */
  take(bytes: Buffer, start: number, limit: number, at: number): number {
    const prefix = this.prefix;
    if (prefix === null) return -1;
    let from = start + prefix.length;
    if (from > limit || bytes.compare(prefix, 0, prefix.length, start, from) !== 0) return -1;
    let taken = -1;
    for (;;) {
      // The content runs to the first quote; a backslash or control byte before it (an escape, a newline) is
      // not the layout. Scanning here finds the line's end without searching for its newline.
      let to = from;
      for (; to <= limit; to++) {
        const b = bytes[to] as number;
        if (b === QUOTE) break;
        if (b < 0x20 || b === BACKSLASH) return taken;
      }
      const end = to + this.suffix.length;
      if (to === from || end + 1 > limit) return taken;
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

/** Whether `text` between quotes is a JSON string whose value is `text` itself. */
function isPlainText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}
