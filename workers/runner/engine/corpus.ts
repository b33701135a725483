import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

// A corpus is a directory tree of plain-text books (*.txt): the project's own corpus/ (tests, the demo) or a
// validator's copy of the PG19 split the protocol pins. Every book is hashed once at load, so a corpus whose
// content differs by one byte has another identity; only the listing is held, a book is read when chosen.

export interface CorpusFile {
  /** Relative to the corpus root, with "/" separators, so listings agree across platforms. */
  readonly path: string;
  readonly bytes: number;
}

export interface Corpus {
  readonly root: string;
  /** Sorted by path: the order the seeded choice indexes into. */
  readonly files: readonly CorpusFile[];
  /**
   * The corpus identity: sha256 (hex) of every book's path and content sha256, in path order. It is in the
   * prompt seed, the baseline cache key and the posted run (`seed.corpusSha256`).
   */
  readonly sha256: string;
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
  const identity = createHash("sha256");
  for (const f of files) {
    const content = createHash("sha256")
      .update(readFileSync(path.join(root, f.path)))
      .digest("hex");
    identity.update(`${f.path}\t${content}\n`);
  }
  return {
    root,
    files,
    sha256: identity.digest("hex"),
    readBook: (file) => readFileSync(path.join(root, file.path), "utf8"),
  };
}
