import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseChatChunk } from "./chat-chunk";
import { ContentLayout } from "./content-layout";
import { SseParser } from "./sse";

const MODEL = "Qwen2.5-72B-Instruct";

// vLLM's layout: the same id, created and model in every chunk of a stream.
const chunk = (delta: object, finish: string | null = null, id = "chatcmpl-7f3") =>
  JSON.stringify({
    id,
    object: "chat.completion.chunk",
    created: 1764000000,
    model: MODEL,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });
const line = (data: string | Buffer) =>
  Buffer.concat([Buffer.from("data: "), Buffer.from(data), Buffer.from("\n\n")]);

/** What the client keeps of a stream (content and arrival of each content chunk), with or without the shortcut. */
function read(reads: Buffer[], shortcut: boolean): [string, number][] {
  const got: [string, number][] = [];
  const layout = shortcut
    ? new ContentLayout((read, from, to, at) => got.push([read.toString("utf8", from, to), at]))
    : undefined;
  const parser = new SseParser((event) => {
    if (event.data === "[DONE]") return;
    const parsed = parseChatChunk(event.data, MODEL);
    layout?.learn(event.data, parsed);
    if (parsed.content !== "") got.push([parsed.content, event.at]);
  }, layout);
  reads.forEach((bytes, i) => parser.push(bytes, i));
  parser.end();
  return got;
}

/** The stream cut into reads at the given fractions of its length. */
function cut(stream: Buffer, fractions: number[]): Buffer[] {
  const points = [...new Set(fractions.map((f) => Math.floor(f * stream.length)))].sort((a, b) => a - b);
  return [0, ...points, stream.length]
    .slice(1)
    .map((end, i, ends) => stream.subarray(i === 0 ? 0 : ends[i - 1], end));
}

// A content chunk as raw bytes: its content spliced in unescaped, any bytes but a quote, backslash or control.
const rawContent = fc
  .uint8Array({ minLength: 1, maxLength: 8 })
  .map((bytes) => Buffer.from(bytes.map((b) => (b < 0x20 || b === 0x22 || b === 0x5c ? 0x61 : b))));
const rawChunk = (content: Buffer) => {
  const [before, after] = chunk({ content: "\u0000" }).split("\\u0000");
  return Buffer.concat([Buffer.from(before ?? ""), content, Buffer.from(after ?? "")]);
};

describe("ContentLayout", () => {
  it("keeps exactly what the full parse keeps, whatever the contents, layouts and reads", () => {
    const event = fc.oneof(
      fc.string({ unit: "binary" }).map((content) => line(chunk({ content }))),
      rawContent.map((bytes) => line(rawChunk(bytes))),
      fc.string().map((content) => line(chunk({ content }, null, "chatcmpl-other"))),
      fc.constant(Buffer.from(": keep-alive\n\n")),
    );
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 40 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true })),
        (events, fractions) => {
          const stream = Buffer.concat([
            line(chunk({ role: "assistant", content: "" })),
            ...events,
            line(chunk({}, "length")),
            line("[DONE]"),
          ]);
          const reads = cut(stream, fractions);
          expect(read(reads, true)).toEqual(read(reads, false));
        },
      ),
    );
  });

  it("takes the chunks of a known layout, and leaves what is not JSON to the full parse", () => {
    const taken: string[] = [];
    const layout = new ContentLayout((read, from, to) => taken.push(read.toString("utf8", from, to)));
    layout.learn(chunk({ content: " first" }), parseChatChunk(chunk({ content: " first" }), MODEL));
    const second = line(chunk({ content: " second" }));
    // The whole event is taken, its blank line included.
    expect(layout.take(second, 0, second.length - 1, 0)).toBe(second.length);
    expect(taken).toEqual([" second"]);
    const control = line(rawChunk(Buffer.from([0x61, 0x01, 0x62])));
    expect(layout.take(control, 0, control.length - 1, 0)).toBe(-1);
    expect(() => read([control], false)).toThrow(/not JSON/);
    const otherModel = line(chunk({ content: " third" }).replace(MODEL, "gpt-4o"));
    expect(layout.take(otherModel, 0, otherModel.length - 1, 0)).toBe(-1);
    // An event whose blank line is not in this read yet is left for the next.
    expect(layout.take(second, 0, second.length - 2, 0)).toBe(-1);
    // A run that leaves the layout midway (another id) is taken up to there; the rest goes to the full parse.
    const mixed = Buffer.concat([
      second,
      second,
      line(chunk({ content: " x" }, null, "chatcmpl-other")),
      second,
    ]);
    expect(layout.take(mixed, 0, mixed.length - 1, 0)).toBe(2 * second.length);
    expect(taken).toEqual([" second", " second", " second"]);
  });

  it("takes an event that a read boundary cuts through once the rest of its line arrives", () => {
    // Each read ends in the middle of a chunk's line, as nearly every socket read of a stream does.
    const contents = [" a", " bb", " ccc", " dddd", " e"];
    const lines = [
      chunk({ role: "assistant", content: "" }),
      ...contents.map((content) => chunk({ content })),
    ];
    const reads: Buffer[] = [];
    let carried = Buffer.alloc(0);
    for (const data of lines.map(line)) {
      const middle = Math.floor(data.length / 2);
      reads.push(Buffer.concat([carried, data.subarray(0, middle)]));
      carried = data.subarray(middle);
    }
    reads.push(Buffer.concat([carried, line(chunk({}, "length")), line("[DONE]")]));

    const parsedInFull: string[] = [];
    const taken: [string, number][] = [];
    const layout = new ContentLayout((read, from, to, at) =>
      taken.push([read.toString("utf8", from, to), at]),
    );
    const parser = new SseParser((event) => {
      if (event.data === "[DONE]") return void parsedInFull.push("[DONE]");
      const parsed = parseChatChunk(event.data, MODEL);
      layout.learn(event.data, parsed);
      parsedInFull.push(parsed.content);
    }, layout);
    reads.forEach((bytes, i) => parser.push(bytes, i));
    parser.end();

    // The role chunk and the first content chunk (which teaches the layout) are parsed in full, then the
    // finish chunk and [DONE]; every later content chunk is taken, stamped with the read that completed it.
    expect(parsedInFull).toEqual(["", " a", "", "[DONE]"]);
    expect(taken).toEqual([
      [" bb", 3],
      [" ccc", 4],
      [" dddd", 5],
      [" e", 6],
    ]);
  });
});
