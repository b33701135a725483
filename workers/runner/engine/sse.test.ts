import { describe, expect, it } from "vitest";

import { MAX_LINE_BYTES, SseParser, SseViolation, type SseEvent } from "./sse";

function parse(pieces: (string | Buffer)[]): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = new SseParser((e) => events.push(e));
  pieces.forEach((p, i) => parser.push(typeof p === "string" ? Buffer.from(p) : p, i));
  parser.end();
  return events;
}

describe("SseParser", () => {
  it("delivers data events with the time of the read that completed them", () => {
    const events = parse(['data: {"a":1}\n', "\ndata: [DO", "NE]\n\n"]);
    expect(events).toEqual([
      { data: '{"a":1}', at: 1 },
      { data: "[DONE]", at: 2 },
    ]);
  });

  it("accepts CRLF line endings, comments and data without the optional space", () => {
    expect(parse([": ping\r\n\r\ndata:x\r\n\r\n"]).map((e) => e.data)).toEqual(["x"]);
  });

  it("joins several data lines of one event with newlines", () => {
    expect(parse(["data: a\ndata: b\n\n"]).map((e) => e.data)).toEqual(["a\nb"]);
  });

  it("reassembles a multi-byte character split across reads", () => {
    const bytes = Buffer.from('data: "café — ok"\n\n');
    const cut = bytes.indexOf(0xa9); // inside "é"
    expect(parse([bytes.subarray(0, cut), bytes.subarray(cut)]).map((e) => e.data)).toEqual(['"café — ok"']);
  });

  it("delivers events byte by byte exactly as in one read", () => {
    const text = 'data: {"x":"y"}\n\n: c\n\ndata: [DONE]\n\n';
    const bytes = [...Buffer.from(text)].map((b) => Buffer.from([b]));
    expect(parse(bytes).map((e) => e.data)).toEqual(['{"x":"y"}', "[DONE]"]);
  });

  it("ignores blank lines between events", () => {
    expect(parse(["\n\n\ndata: a\n\n\n"]).map((e) => e.data)).toEqual(["a"]);
  });

  it.each([
    ["a named event", "event: message\ndata: x\n\n"],
    ["a bare word", "hello\n\n"],
    ["an id line", "id: 3\n\n"],
  ])("refuses %s", (_, text) => {
    expect(() => parse([text])).toThrow(SseViolation);
  });

  it("refuses a stream that ends mid-line or mid-event", () => {
    expect(() => parse(["data: x"])).toThrow(/middle of a line/);
    expect(() => parse(["data: x\n"])).toThrow(/blank line/);
  });

  it("refuses a line longer than the limit instead of buffering it", () => {
    const parser = new SseParser(() => undefined);
    expect(() => parser.push(Buffer.alloc(MAX_LINE_BYTES + 1, 0x61), 0)).toThrow(/exceeds/);
  });
});
