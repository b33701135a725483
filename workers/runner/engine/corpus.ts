import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

// A corpus is a directory tree of plain-text books (*.txt): the project's own corpus/ or a validator's PG19
// copy (tens of thousands of files, gigabytes), so only the listing is held; a book is read when chosen.

export interface CorpusFile {
  /** Relative to the corpus root, with "/" separators, so listings agree across platforms. */
  readonly path: string;
  readonly bytes: number;
}

export interface Corpus {
  readonly root: string;
  /** Sorted by path: the order the seeded choice indexes into. */
  readonly files: readonly CorpusFile[];
  /** sha256 of the listing (paths and sizes): part of the baseline cache key. */
  readonly fingerprint: string;
  readBook(file: CorpusFile): string;
}

/** Books shorter than this are front matter or stubs, too short for a long-context prompt. */
export const MIN_BOOK_BYTES = 512;

export function loadCorpus(root: string): Corpus {
  const files: CorpusFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith(".txt")) {
        const bytes = statSync(full).size;
        if (bytes >= MIN_BOOK_BYTES)
          files.push({ path: path.relative(root, full).split(path.sep).join("/"), bytes });
      }
    }
  };
  walk(root);
  if (files.length === 0)
    throw new Error(`corpus ${root} holds no .txt book of at least ${MIN_BOOK_BYTES} bytes`);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const listing = createHash("sha256");
  for (const f of files) listing.update(`${f.path}\t${f.bytes}\n`);
  return {
    root,
    files,
    fingerprint: listing.digest("hex"),
    readBook: (file) => readFileSync(path.join(root, file.path), "utf8"),
  };
}
