import { z } from "zod";

import type { CorpusParams } from "@/lib/protocol/params";

// Where `runner corpus download` finds the PG19 books, and what it makes of the bucket's listing. Pure: the
// downloader (corpus-download.ts) does the I/O.
//
// The files are the ones the Hugging Face `deepmind/pg19` loading script fetches: it lists the split through
// the Cloud Storage JSON API, `_STORAGE_API_ROOT_URL = "https://storage.googleapis.com/storage/v1/b/
// deepmind-gutenberg/o/"` with `prefix=<split>/`, paged by `pageToken`/`nextPageToken`, and downloads each
// object's name from `_ASSET_ROOT_URL = "https://storage.googleapis.com/deepmind-gutenberg/"`. The dataset
// revision pins that script, not the bucket, so the corpus identity (the sha256 over the books) is what says
// the copy is the pinned one.

/** The host that serves both the JSON API and the objects; `--source` replaces it (tests, a mirror). */
export const PG19_SOURCE = "https://storage.googleapis.com";
const BUCKET = "deepmind-gutenberg";

export function listingUrl(source: string, split: string, pageToken: string | null): string {
  const url = new URL(`${source}/storage/v1/b/${BUCKET}/o`);
  url.searchParams.set("prefix", `${split}/`);
  if (pageToken !== null) url.searchParams.set("pageToken", pageToken);
  return url.toString();
}

export const bookUrl = (source: string, objectName: string): string => `${source}/${BUCKET}/${objectName}`;

/** One page of `objects.list`: GCS sends `size` as a decimal string and `md5Hash` as base64. */
export const listingPageSchema = z.object({
  items: z
    .array(
      z.object({
        name: z.string(),
        size: z.string().regex(/^\d+$/),
        md5Hash: z.string().regex(/^[A-Za-z0-9+/]{22}==$/, "expected a base64 md5"),
      }),
    )
    .default([]),
  nextPageToken: z.string().min(1).optional(),
});

export interface ListedBook {
  /** The object's name in the bucket, e.g. `test/10146.txt`. */
  readonly objectName: string;
  /** The file it becomes in the corpus folder: `<book id>.txt`. */
  readonly fileName: string;
  readonly bytes: number;
  /** md5 of the content, base64, as the listing gives it. */
  readonly md5: string;
}

/**
 * The books of a listing: `<split>/<book id>.txt` objects. Anything else under the prefix (a folder
 * placeholder, a nested path) is not a book of the split; a name that could leave the folder never passes.
 */
export function booksOf(
  items: readonly { name: string; size: string; md5Hash: string }[],
  split: string,
): ListedBook[] {
  const books: ListedBook[] = [];
  for (const item of items) {
    const fileName = item.name.slice(split.length + 1);
    if (!item.name.startsWith(`${split}/`) || !/^[A-Za-z0-9_-]+\.txt$/.test(fileName)) continue;
    books.push({ objectName: item.name, fileName, bytes: Number(item.size), md5: item.md5Hash });
  }
  return books.sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0));
}

/** What the download's identity means against the pinned one: the lines to print and the exit code. */
export function corpusIdentityCheck(
  folder: string,
  found: string,
  pinned: CorpusParams,
): { exitCode: number; lines: string[] } {
  const what = `${pinned.dataset} ${pinned.split} at revision ${pinned.revision}`;
  if (pinned.sha256 === found)
    return { exitCode: 0, lines: [`verified: ${folder} is the pinned ${what} (${found})`] };
  if (pinned.sha256 === null)
    return {
      exitCode: 0,
      lines: [
        `corpus identity ${found} (${folder})`,
        `not pinned yet: the protocol has no identity for ${what}, so no public network's job is evaluated`,
        "a maintainer pins it with a new entry in PARAMS_VERSIONS (lib/protocol/params.ts) whose params set:",
        `  corpus: { ...DEFAULT_PARAMS.corpus, sha256: "${found}" },`,
      ],
    };
  return {
    exitCode: 1,
    lines: [
      `corpus identity ${found} (${folder}) is not the pinned ${pinned.sha256} of ${what}`,
      "every book matched the bucket's md5, so the bucket's split differs from the pinned one, or the folder holds other .txt files",
    ],
  };
}
