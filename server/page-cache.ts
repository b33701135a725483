import { randomUUID } from "node:crypto";
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { promisify } from "node:util";
import { createGzip, gzip as gzipCallback } from "node:zlib";

// A micro-cache for server-rendered pages: a page rendered for one request is answered again (with its own
// nonce) to the same URL for the next PAGE_CACHE_MS; requests arriving while it renders wait for that render.
// Under a burst (64 readers of the leaderboard) the server renders each page about once a second instead of
// once per reader. A second of staleness is below what the pages promise: the API says max-age=5, and a
// hydrated page refreshes itself from the live event stream.
// Only plain GET/HEAD page loads are cached: not the API, not Next's assets, not client-side navigations
// (RSC requests), not requests with cookies or credentials, and only 200 answers without cookies.
// Every answer keeps a nonce of its own: a page's CSP nonce (proxy.ts) is replaced by a fresh one in the body
// and the header at each replay. That is why a cached render is asked for uncompressed (the nonce must be
// found in it) and compressed here, per answer, when the client accepts gzip: the render's own reader gets it
// gzipped on the fly (still streamed), every replay gzipped whole.

export const PAGE_CACHE_MS = 1_000;
const MAX_ENTRIES = 200;
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "date"]);

interface Entry {
  status: number;
  headers: OutgoingHttpHeaders;
  /** The body split at each occurrence of the render's CSP nonce (one part when it has none). */
  parts: Buffer[];
  /** The CSP nonce the render was given, replaced at every replay. */
  nonce: string | null;
  expires: number;
}

const gzip = promisify(gzipCallback);
const CSP = "content-security-policy";

type Handle = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export function withPageCache(handle: Handle, ttlMs = PAGE_CACHE_MS, now = () => Date.now()): Handle {
  const entries = new Map<string, Entry>();
  const rendering = new Map<string, Promise<Entry | null>>();

  return async (req, res) => {
    const key = cacheKey(req);
    if (key === null || ttlMs <= 0) return handle(req, res);
    const cached = entries.get(key);
    if (cached && cached.expires > now()) return replay(cached, req, res);
    const inFlight = rendering.get(key);
    if (inFlight) {
      const entry = await inFlight;
      if (entry) return replay(entry, req, res);
      return handle(req, res);
    }
    const render = capture(handle, req, res, ttlMs, now);
    rendering.set(key, render);
    try {
      const entry = await render;
      if (entry) {
        entries.delete(key);
        entries.set(key, entry);
        if (entries.size > MAX_ENTRIES) evict(entries, now());
      }
    } finally {
      rendering.delete(key);
    }
  };
}

function cacheKey(req: IncomingMessage): string | null {
  if (req.method !== "GET" && req.method !== "HEAD") return null;
  const url = req.url ?? "/";
  if (url.startsWith("/api/") || url.startsWith("/_next/")) return null;
  const headers = Object.keys(req.headers);
  if (headers.some((h) => h === "rsc" || h.startsWith("next-router-") || h === "next-action")) return null;
  // Nothing here is per visitor today; a request that could make it so is never answered from another's.
  if (req.headers.cookie !== undefined || req.headers.authorization !== undefined) return null;
  return `${req.method} ${url}`;
}

/** Runs the handler for this request, keeping what it sends; resolves to a cacheable entry or null. */
function capture(
  handle: Handle,
  req: IncomingMessage,
  res: ServerResponse,
  ttlMs: number,
  now: () => number,
): Promise<Entry | null> {
  const chunks: Buffer[] = [];
  const given: OutgoingHttpHeaders = {};
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (typeof chunk === "string")
      chunks.push(Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8"));
    else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  const toClient = clientStream(req, res, write, end);
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return toClient.write(chunk, rest);
  }) as ServerResponse["write"];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (typeof chunk === "function") return toClient.end(undefined, [chunk]);
    keep(chunk, rest[0]);
    return toClient.end(chunk, rest);
  }) as ServerResponse["end"];
  // Headers given to writeHead directly never reach getHeaders(): keep them too.
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    const headers = rest.find((r) => typeof r === "object" && r !== null && !Array.isArray(r));
    if (headers) Object.assign(given, headers);
    toClient.beforeHead(headers as OutgoingHttpHeaders | undefined);
    return writeHead(status, ...rest);
  }) as ServerResponse["writeHead"];

  // Rendered uncompressed, so that the nonce can be found and replaced at replay.
  delete req.headers["accept-encoding"];
  return new Promise((resolve) => {
    res.once("close", () => {
      const headers: OutgoingHttpHeaders = { ...res.getHeaders(), ...lowerKeys(given) };
      // Our own on-the-fly gzip is not part of the page: the entry keeps the render's headers as they were.
      if (toClient.zipped()) {
        delete headers["content-encoding"];
        const vary = toClient.varyBefore();
        if (vary === undefined) delete headers["vary"];
        else headers["vary"] = String(vary);
      }
      const cacheable =
        res.writableFinished &&
        res.statusCode === 200 &&
        headers["set-cookie"] === undefined &&
        headers["content-encoding"] === undefined;
      if (!cacheable) return resolve(null);
      for (const name of HOP_BY_HOP) delete headers[name];
      delete headers["content-length"];
      const nonce = /'nonce-([^']+)'/.exec(String(headers[CSP] ?? ""))?.[1] ?? null;
      resolve({
        status: res.statusCode,
        headers,
        parts: split(Buffer.concat(chunks), nonce),
        nonce,
        expires: now() + ttlMs,
      });
    });
    Promise.resolve(handle(req, res)).catch(() => resolve(null));
  });
}

interface ClientStream {
  /** Called before the status line goes out: the last moment to say the body is gzipped. */
  beforeHead(headers: OutgoingHttpHeaders | undefined): void;
  /** Whether the reader's copy went through gzip, and the Vary the render had before we added to it. */
  zipped(): boolean;
  varyBefore(): number | string | string[] | undefined;
  write(chunk: unknown, rest: unknown[]): boolean;
  end(chunk: unknown, rest: unknown[]): ServerResponse;
}

/**
 * Where the render's bytes go for its own reader: straight through, or through gzip (flushed after every write,
 * so a streamed page still arrives as it renders) when the reader accepts gzip and the answer is a 200 whose
 * encoding nobody else chose.
 */
function clientStream(
  req: IncomingMessage,
  res: ServerResponse,
  write: (...args: unknown[]) => boolean,
  end: (...args: unknown[]) => ServerResponse,
): ClientStream {
  const accepts = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? "")) && req.method === "GET";
  let zip: ReturnType<typeof createGzip> | null = null;
  let vary: number | string | string[] | undefined = undefined;
  const decide = (headers: OutgoingHttpHeaders | undefined) => {
    if (res.headersSent || zip !== null || !accepts || res.statusCode !== 200) return;
    const named = (name: string) => res.getHeader(name) ?? headers?.[name];
    if (named("content-encoding") !== undefined) return;
    zip = createGzip({ level: 1 });
    zip.on("data", (bytes: Buffer) => write(bytes));
    res.setHeader("content-encoding", "gzip");
    res.removeHeader("content-length");
    if (headers) delete headers["content-length"];
    vary = named("vary");
    if (headers) delete headers["vary"];
    res.setHeader("vary", varyWithEncoding(vary));
  };
  return {
    beforeHead: decide,
    zipped: () => zip !== null,
    varyBefore: () => vary,
    write(chunk, rest) {
      decide(undefined);
      if (zip === null) return write(chunk, ...rest);
      zip.write(chunk as Buffer | string);
      zip.flush();
      return true;
    },
    end(chunk, rest) {
      decide(undefined);
      if (zip === null) return end(chunk, ...rest);
      const done = rest.find((r) => typeof r === "function") as (() => void) | undefined;
      zip.once("end", () => end(done));
      if (chunk === undefined || chunk === null) zip.end();
      else zip.end(chunk as Buffer | string);
      return res;
    },
  };
}

async function replay(entry: Entry, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers: OutgoingHttpHeaders = { ...entry.headers };
  let pieces = entry.parts;
  if (entry.nonce !== null) {
    // The same shape as proxy.ts's: base64 of a random UUID.
    const fresh = Buffer.from(randomUUID()).toString("base64");
    const glue = Buffer.from(fresh);
    pieces = entry.parts.flatMap((part, i) => (i === 0 ? [part] : [glue, part]));
    headers[CSP] = String(headers[CSP]).replaceAll(entry.nonce, fresh);
  }
  if (/\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""))) {
    pieces = [await gzip(Buffer.concat(pieces), { level: 1 })];
    headers["content-encoding"] = "gzip";
  }
  headers["vary"] = varyWithEncoding(headers["vary"]);
  headers["content-length"] = String(pieces.reduce((length, piece) => length + piece.length, 0));
  res.writeHead(entry.status, headers);
  if (req.method === "HEAD") return void res.end();
  // The stored pieces go out as they are, not joined into a fresh copy of the page: a copy per answer is
  // a page's size of off-heap memory, and that pressure made V8 scavenge (and promote) several times a second.
  res.cork();
  for (const piece of pieces) res.write(piece);
  res.end();
  res.uncork();
}

/** `body` cut at every occurrence of `nonce` (bytes, so a replay never re-encodes the page). */
function split(body: Buffer, nonce: string | null): Buffer[] {
  if (nonce === null) return [body];
  const needle = Buffer.from(nonce);
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = body.indexOf(needle); at !== -1; at = body.indexOf(needle, from)) {
    parts.push(body.subarray(from, at));
    from = at + needle.length;
  }
  parts.push(body.subarray(from));
  return parts;
}

/** A Vary header that names Accept-Encoding once (Next's own Vary may name it already). */
function varyWithEncoding(vary: number | string | string[] | undefined): string {
  const names =
    vary === undefined
      ? []
      : String(vary)
          .split(",")
          .map((name) => name.trim());
  if (names.some((name) => name.toLowerCase() === "accept-encoding")) return names.join(", ");
  return [...names, "Accept-Encoding"].filter((name) => name !== "").join(", ");
}

function lowerKeys(headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function evict(entries: Map<string, Entry>, at: number): void {
  for (const [key, entry] of entries) if (entry.expires <= at) entries.delete(key);
  // Still too many: drop the oldest (a Map iterates in insertion order).
  for (const key of entries.keys()) {
    if (entries.size <= MAX_ENTRIES) break;
    entries.delete(key);
  }
}
