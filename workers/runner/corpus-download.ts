import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";

import { backoffDelayMs } from "@/lib/backoff";
import type { Logger } from "@/lib/log";
import { retryAfterSeconds } from "@/lib/official/cache-control";

import { booksOf, bookUrl, listingPageSchema, listingUrl, type ListedBook } from "./corpus-source";
import { formatBytes } from "./terminal";

// Fetches a PG19 split into a folder, one `<book id>.txt` a book, each checked against the listing's md5
// before it takes its name. A book already there with the right md5 is kept, so a rerun resumes.

export class CorpusDownloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CorpusDownloadError";
  }
}

/** A response worth asking again for: the store is busy (429) or failing (5xx). */
class RetryableStatus extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs: number | null,
    url: string,
  ) {
    super(`${url} answered ${status}`);
  }
}

export interface DownloadOptions {
  readonly dir: string;
  /** PG19_SOURCE, or a stand-in serving the same two shapes. */
  readonly source: string;
  readonly split: string;
  readonly log: Logger;
  readonly concurrency?: number;
  /** Tries per request, the first included. */
  readonly attempts?: number;
  readonly backoff?: { readonly baseMs: number; readonly maxMs: number };
}

export interface DownloadSummary {
  readonly books: number;
  readonly downloaded: number;
  readonly skipped: number;
  readonly bytes: number;
}

async function md5OfFile(file: string): Promise<string> {
  const hash = createHash("md5");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("base64");
}

async function sizeOf(file: string): Promise<number | null> {
  try {
    return (await stat(file)).size;
  } catch {
    return null;
  }
}

export async function downloadCorpus(options: DownloadOptions): Promise<DownloadSummary> {
  const { dir, source, split, log } = options;
  const attempts = options.attempts ?? 6;
  const backoff = options.backoff ?? { baseMs: 1_000, maxMs: 60_000 };

  /** Runs `attempt` until it succeeds, retrying 429, 5xx and dropped connections with back-off. */
  async function withRetries<T>(what: string, attempt: () => Promise<T>): Promise<T> {
    for (let n = 1; ; n++) {
      try {
        return await attempt();
      } catch (error) {
        // fetch reports a refused or dropped connection, also mid-body, as a TypeError.
        const retryable = error instanceof RetryableStatus || error instanceof TypeError;
        if (!retryable) throw error;
        if (n >= attempts)
          throw new CorpusDownloadError(`${what}: ${(error as Error).message}, after ${n} tries`);
        const waitMs = Math.max(
          backoffDelayMs(n, backoff),
          error instanceof RetryableStatus ? (error.retryAfterMs ?? 0) : 0,
        );
        log.warn(`${what}: ${(error as Error).message}; retrying`, { retryInMs: waitMs });
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
    }
  }

  async function get(url: string): Promise<Response> {
    const response = await fetch(url);
    if (response.ok) return response;
    await response.body?.cancel();
    const after = retryAfterSeconds(response.headers.get("retry-after"), new Date());
    if (response.status === 429 || response.status >= 500)
      throw new RetryableStatus(response.status, after === null ? null : after * 1000, url);
    throw new CorpusDownloadError(`${url} answered ${response.status}`);
  }

  async function list(): Promise<ListedBook[]> {
    const items: { name: string; size: string; md5Hash: string }[] = [];
    let pageToken: string | null = null;
    do {
      const url = listingUrl(source, split, pageToken);
      const page = await withRetries(`listing ${split}/`, async () => {
        const parsed = listingPageSchema.safeParse(await (await get(url)).json());
        if (!parsed.success)
          throw new CorpusDownloadError(`${url} is not a Cloud Storage listing: ${parsed.error.message}`);
        return parsed.data;
      });
      items.push(...page.items);
      pageToken = page.nextPageToken ?? null;
    } while (pageToken !== null);
    return booksOf(items, split);
  }

  /** Downloads one book to a temporary name and gives it its own only once its md5 is the listing's. */
  async function fetchBook(book: ListedBook): Promise<void> {
    const target = path.join(dir, book.fileName);
    // Not *.txt, so a corpus load never counts a half-written book.
    const partial = `${target}.part`;
    await withRetries(book.objectName, async () => {
      const response = await get(bookUrl(source, book.objectName));
      const hash = createHash("md5");
      await pipeline(
        Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            hash.update(chunk);
            yield chunk;
          }
        },
        createWriteStream(partial),
      );
      const md5 = hash.digest("base64");
      if (md5 !== book.md5) {
        await rm(partial, { force: true });
        throw new CorpusDownloadError(
          `${book.objectName}: the downloaded file's md5 ${md5} is not the listing's ${book.md5}; it was not kept (run the download again to retry it)`,
        );
      }
    });
    await rename(partial, target);
  }

  await mkdir(dir, { recursive: true });
  const books = await list();
  if (books.length === 0)
    throw new CorpusDownloadError(`the listing of ${split}/ at ${source} holds no <book id>.txt`);
  const totalBytes = books.reduce((sum, b) => sum + b.bytes, 0);
  log.info(`corpus: ${books.length} books, ${formatBytes(totalBytes)}, into ${dir}`, {
    books: books.length,
    totalBytes,
  });

  let next = 0;
  let done = 0;
  let doneBytes = 0;
  let downloaded = 0;
  let failure: unknown = null;
  const worker = async () => {
    while (failure === null && next < books.length) {
      const book = books[next++] as ListedBook;
      try {
        const target = path.join(dir, book.fileName);
        const have = (await sizeOf(target)) === book.bytes && (await md5OfFile(target)) === book.md5;
        if (!have) {
          await fetchBook(book);
          downloaded++;
        }
        done++;
        doneBytes += book.bytes;
        log.info(
          `corpus: book ${done} of ${books.length}, ${formatBytes(doneBytes)} of ${formatBytes(totalBytes)}: ${book.fileName}${have ? " (already here)" : ""}`,
          { done, books: books.length, doneBytes, totalBytes },
        );
      } catch (error) {
        // The first failure stops the others taking new books; those in flight finish before it is thrown.
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, books.length) }, worker));
  if (failure !== null) throw failure;
  return { books: books.length, downloaded, skipped: books.length - downloaded, bytes: totalBytes };
}
