import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/schemas/errors";
import { isJsonUtf8, parseJsonBody, readBodyWithLimit } from "./body";

const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request("http://explorer.test/api/v1/runs", {
    method: "POST",
    body,
    headers,
    duplex: "half",
  } as RequestInit);

/** A body that would go on for `chunks` × 64 KiB, counting what was actually pulled from it. */
function endless(chunks: number) {
  const pulled = { bytes: 0, cancelled: false };
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ >= chunks) return controller.close();
      pulled.bytes += 65_536;
      controller.enqueue(new Uint8Array(65_536));
    },
    cancel() {
      pulled.cancelled = true;
    },
  });
  return { stream, pulled };
}

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe("readBodyWithLimit", () => {
  it("returns the bytes exactly as sent, across chunks", async () => {
    const bytes = new Uint8Array(200_000).map((_, i) => i % 251);
    expect(await readBodyWithLimit(post(bytes), 1_000_000)).toEqual(bytes);
    expect(await readBodyWithLimit(new Request("http://explorer.test/"), 10)).toEqual(new Uint8Array(0));
  });

  it("accepts a body of exactly the limit and refuses one byte more with 413", async () => {
    expect((await readBodyWithLimit(post(new Uint8Array(1_000)), 1_000)).byteLength).toBe(1_000);
    const error = await refusal(readBodyWithLimit(post(new Uint8Array(1_001)), 1_000));
    expect(error).toMatchObject({ code: "body_too_large", status: 413 });
  });

  it("refuses a declared Content-Length over the limit without reading the body", async () => {
    const { stream, pulled } = endless(1_000);
    await refusal(readBodyWithLimit(post(stream, { "content-length": "10000000" }), 2 * 1024 * 1024));
    expect(pulled.bytes).toBeLessThanOrEqual(65_536);
  });

  it("stops reading a body of undeclared length (chunked) as soon as it passes the limit", async () => {
    const { stream, pulled } = endless(10_000);
    const error = await refusal(readBodyWithLimit(post(stream), 2 * 1024 * 1024));
    expect(error.code).toBe("body_too_large");
    expect(pulled.bytes).toBeLessThanOrEqual(2 * 1024 * 1024 + 2 * 65_536);
    expect(pulled.cancelled).toBe(true);
  });

  it("refuses a body longer than its declared Content-Length (only a Request made in process can be)", async () => {
    const { stream } = endless(4);
    const error = await refusal(readBodyWithLimit(post(stream, { "content-length": "10" }), 2 * 1024 * 1024));
    expect(error.code).toBe("body_too_large");
  });
});

describe("isJsonUtf8", () => {
  it.each([
    ["application/json", true],
    ["application/json; charset=utf-8", true],
    ["Application/JSON;charset=UTF-8", true],
    ['application/json; charset="utf-8"', true],
    ["application/json; charset=latin1", false],
    ["text/plain", false],
    ["application/jsonx", false],
    ["multipart/form-data; boundary=x", false],
  ])("%s → %s", (header, expected) => {
    expect(isJsonUtf8(header)).toBe(expected);
  });
});

describe("parseJsonBody", () => {
  it("parses UTF-8 JSON", () => {
    expect(parseJsonBody(new TextEncoder().encode('{"détail":"ok"}'))).toEqual({ détail: "ok" });
  });

  it("refuses invalid UTF-8 and invalid JSON with 400 invalid_body saying which", () => {
    expect(() => parseJsonBody(new Uint8Array([0x7b, 0xff, 0x7d]))).toThrow(/not valid UTF-8/);
    expect(() => parseJsonBody(new TextEncoder().encode("{"))).toThrow(/not valid JSON/);
  });
});
