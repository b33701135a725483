import { ApiError } from "@/lib/schemas/errors";

/** api.md: a write body over 2 MiB is refused with 413. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

const EMPTY = new Uint8Array(0);

function tooLarge(maxBytes: number): ApiError {
  return new ApiError(
    "body_too_large",
    `The body is larger than ${maxBytes} bytes (${maxBytes / 1024 / 1024} MiB); trim the log tail or the per-prompt detail.`,
  );
}

/**
 * The body exactly as received, at most `maxBytes` of it. A Content-Length over the limit is refused before
 * reading anything; a body that runs past the limit (no or a lying Content-Length, chunked encoding) is
 * refused as soon as it does, and the rest of the stream is cancelled, so a client cannot make us buffer more
 * than the limit.
 */
export async function readBodyWithLimit(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = request.headers.get("content-length");
  const declaredBytes = declared !== null && /^\d+$/.test(declared.trim()) ? Number(declared) : null;
  if (declaredBytes !== null && declaredBytes > maxBytes) throw tooLarge(maxBytes);
  // Over HTTP a declared length is the body's framing: Node's parser hands over exactly that many bytes, so a
  // body within the limit is read whole, straight off the socket in the production API front, without the
  // WHATWG stream `request.body` builds (CPU spent on every signed write). A
  // Request made in process can still carry more than it declares: refused as the mismatch it is.
  if (declaredBytes !== null) {
    const body = new Uint8Array(await request.arrayBuffer());
    if (body.byteLength > declaredBytes) throw tooLarge(maxBytes);
    return body;
  }
  if (request.body === null) return EMPTY;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Not awaited: a client that keeps the connection open must not hold this request hostage.
      reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * Whether a Content-Type header names JSON in UTF-8: `application/json`, optionally with `charset=utf-8`.
 * Another charset is refused rather than guessed, since the signature covers the bytes, not the text.
 */
export function isJsonUtf8(contentType: string): boolean {
  const [mediaType, ...parameters] = contentType.split(";").map((part) => part.trim().toLowerCase());
  if (mediaType !== "application/json") return false;
  return parameters.every((p) => !p.startsWith("charset=") || /^charset="?utf-8"?$/.test(p));
}

/** Decodes UTF-8 and parses JSON, or answers 400 `invalid_body` saying which of the two failed. */
export function parseJsonBody(rawBody: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(rawBody);
  } catch {
    throw new ApiError("invalid_body", "The body is not valid UTF-8; send JSON encoded as UTF-8.");
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const detail = error instanceof Error ? error.message : "unparseable";
    throw new ApiError("invalid_body", `The body is not valid JSON (${detail}).`);
  }
}
