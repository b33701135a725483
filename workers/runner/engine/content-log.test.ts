import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ContentLog } from "./content-log";

// A chunk as the client meets it: decoded by the full parse (a string), or taken by the layout (UTF-8 bytes
// inside a socket read, any bytes but the ones the layout refuses).
const chunkArb = fc.oneof(
  fc.string({ unit: "binary" }).map((text) => ({ kind: "text" as const, text })),
  fc
    .uint8Array({ minLength: 1, maxLength: 12 })
    .map((bytes) => ({ kind: "bytes" as const, bytes: Buffer.from(bytes) })),
  fc
    .string({ unit: "grapheme", minLength: 1 })
    .map((t) => ({ kind: "bytes" as const, bytes: Buffer.from(t) })),
);

describe("ContentLog", () => {
  it("gives back every chunk's time and text in order, each decoded on its own as the full parse would", () => {
    fc.assert(
      fc.property(fc.array(chunkArb, { maxLength: 600 }), (chunks) => {
        const log = new ContentLog();
        const expected: string[] = [];
        chunks.forEach((chunk, i) => {
          if (chunk.kind === "text") {
            log.addText(chunk.text, i / 2);
            expected.push(chunk.text);
          } else {
            // The chunk sits inside a larger read, between bytes that are not its own.
            const read = Buffer.concat([Buffer.from("data: {"), chunk.bytes, Buffer.from('"}\n\n')]);
            log.addSpan(read, 7, 7 + chunk.bytes.length, i / 2);
            expected.push(chunk.bytes.toString("utf8"));
          }
        });
        const { times, text } = log.finish();
        expect(times).toEqual(chunks.map((_, i) => i / 2));
        expect(text).toBe(expected.join(""));
        expect(log.count).toBe(chunks.length);
        expect(log.firstAt).toBe(chunks.length === 0 ? null : 0);
        expect(log.lastAt).toBe(chunks.length === 0 ? null : (chunks.length - 1) / 2);
      }),
    );
  });

  it("keeps a UTF-8 sequence split across two chunks apart: each half is invalid on its own", () => {
    const euro = Buffer.from("€");
    const log = new ContentLog();
    log.addSpan(euro, 0, 1, 1);
    log.addSpan(euro, 1, 3, 2);
    expect(log.finish().text).not.toContain("€");
    expect(log.finish().text).toBe("\uFFFD".repeat(3));
  });
});
