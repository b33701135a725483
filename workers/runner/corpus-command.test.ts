import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readdir, readFile, rm, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { createLogger, type LogRecord } from "@/lib/log";
import { DEFAULT_PARAMS, paramsAt, type CorpusParams } from "@/lib/protocol/params";
import { loadCorpus } from "@/workers/runner/engine/corpus";

import { corpusCommand } from "./corpus-command";
import { REPO_ROOT } from "./test-support/reference-runner";

// `runner corpus download` against a stand-in for Cloud Storage: the JSON API's paged listing and the objects,
// both on one local server, as storage.googleapis.com serves both.

const PAGE_SIZE = 2;
const BOOKS = new Map(
  ["10001", "10002", "10003", "10004", "10005"].map((id) => [
    `test/${id}.txt`,
    Buffer.from(`Book ${id}. ${"It was a dark and stormy night. ".repeat(40)}`),
  ]),
);

interface FakeGcs {
  url: string;
  /** Object names in the order they were asked for; listings as `list:<pageToken or first>`. */
  requests: string[];
  /** Object name → how many more requests answer 503. */
  unavailable: Map<string, number>;
  /** Objects served with other bytes than the listing's md5 says. */
  corrupt: Set<string>;
  close(): Promise<void>;
}

async function startFakeGcs(): Promise<FakeGcs> {
  const names = [...BOOKS.keys()];
  const fake: FakeGcs = {
    url: "",
    requests: [],
    unavailable: new Map(),
    corrupt: new Set(),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    if (url.pathname === "/storage/v1/b/deepmind-gutenberg/o") {
      const token = url.searchParams.get("pageToken");
      fake.requests.push(`list:${token ?? "first"}`);
      const prefix = url.searchParams.get("prefix") ?? "";
      const start = token === null ? 0 : Number(token);
      const page = names.filter((n) => n.startsWith(prefix)).slice(start, start + PAGE_SIZE);
      const items = page.map((name) => {
        const bytes = BOOKS.get(name) as Buffer;
        return {
          kind: "storage#object",
          name,
          size: String(bytes.length),
          md5Hash: createHash("md5").update(bytes).digest("base64"),
          mediaLink: `${url.origin}/download/${name}`,
        };
      });
      // The folder placeholder GCS lists under a prefix is no book.
      if (start === 0) items.unshift({ ...(items[0] as (typeof items)[0]), name: "test/", size: "0" });
      const next = start + PAGE_SIZE < names.length ? { nextPageToken: String(start + PAGE_SIZE) } : {};
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ kind: "storage#objects", items, ...next }));
      return;
    }
    const name = url.pathname.replace(/^\/deepmind-gutenberg\//, "");
    const bytes = BOOKS.get(name);
    fake.requests.push(name);
    if (bytes === undefined) {
      res.statusCode = 404;
      res.end();
      return;
    }
    const failures = fake.unavailable.get(name) ?? 0;
    if (failures > 0) {
      fake.unavailable.set(name, failures - 1);
      res.statusCode = 503;
      res.end("backend unavailable");
      return;
    }
    res.end(fake.corrupt.has(name) ? Buffer.concat([bytes, Buffer.from("tampered")]) : bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

let gcs: FakeGcs;
let dir: string;
let logged: LogRecord[];
let printed: string[];

const UNPINNED: CorpusParams = { ...DEFAULT_PARAMS.corpus, sha256: null };

function download(corpus: CorpusParams = UNPINNED): Promise<number> {
  return corpusCommand(
    ["download", "--dir", dir, "--source", gcs.url],
    {},
    {
      corpus,
      out: (line) => void printed.push(line),
      download: {
        log: createLogger({}, "info", (r) => void logged.push(r)),
        concurrency: 2,
        attempts: 3,
        backoff: { baseMs: 1, maxMs: 2 },
      },
    },
  );
}

const bookRequests = () => gcs.requests.filter((r) => !r.startsWith("list:"));

beforeAll(async () => {
  gcs = await startFakeGcs();
});
afterAll(async () => {
  await gcs.close();
});
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "cacheon-corpus-"));
  gcs.requests = [];
  gcs.unavailable.clear();
  gcs.corrupt.clear();
  logged = [];
  printed = [];
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("runner corpus download", () => {
  it("follows every page of the listing and writes each book as <book id>.txt, with progress", async () => {
    expect(await download()).toBe(0);
    expect(gcs.requests.filter((r) => r.startsWith("list:"))).toEqual(["list:first", "list:2", "list:4"]);
    expect((await readdir(dir)).sort()).toEqual([...BOOKS.keys()].map((n) => n.slice(5)).sort());
    for (const [name, bytes] of BOOKS) expect(await readFile(path.join(dir, name.slice(5)))).toEqual(bytes);
    const progress = logged.map((r) => r.msg).filter((m) => m.includes("book "));
    expect(progress).toHaveLength(BOOKS.size);
    expect(progress.at(-1)).toMatch(/^corpus: book 5 of 5, \d+ kB of \d+ kB: /);
    expect(logged.at(-1)).toMatchObject({ done: 5, books: 5 });
  });

  it("retries a book the store answers 503 for, with a warning", async () => {
    gcs.unavailable.set("test/10003.txt", 2);
    expect(await download()).toBe(0);
    expect(bookRequests().filter((r) => r === "test/10003.txt")).toHaveLength(3);
    expect(logged.filter((r) => r.level === "warn").map((r) => r.msg)).toEqual([
      expect.stringMatching(/^test\/10003.txt: .* answered 503; retrying$/),
      expect.stringMatching(/^test\/10003.txt: .* answered 503; retrying$/),
    ]);
    expect(await readFile(path.join(dir, "10003.txt"))).toEqual(BOOKS.get("test/10003.txt"));
  });

  it("gives up on a book that stays unavailable, naming it", async () => {
    gcs.unavailable.set("test/10004.txt", 99);
    await expect(download()).rejects.toThrow(/^test\/10004.txt: .* answered 503, after 3 tries$/);
  });

  it("refuses a book whose bytes are not the listing's md5 and does not keep it", async () => {
    gcs.corrupt.add("test/10002.txt");
    await expect(download()).rejects.toMatchObject({
      name: "CorpusDownloadError",
      message: expect.stringMatching(
        /^test\/10002.txt: the downloaded file's md5 \S+ is not the listing's \S+; it was not kept/,
      ),
    });
    const files = await readdir(dir);
    expect(files).not.toContain("10002.txt");
    expect(files).not.toContain("10002.txt.part");
  });

  it("resumes: a rerun fetches only the books missing or damaged", async () => {
    expect(await download()).toBe(0);
    await unlink(path.join(dir, "10001.txt"));
    // Same size, other bytes: only the md5 tells.
    const damaged = Buffer.from(BOOKS.get("test/10005.txt") as Buffer);
    damaged[0] = 0x21;
    await writeFile(path.join(dir, "10005.txt"), damaged);
    gcs.requests = [];
    printed = [];
    expect(await download()).toBe(0);
    expect(bookRequests().sort()).toEqual(["test/10001.txt", "test/10005.txt"]);
    expect(printed[0]).toMatch(/^5 books in .*: 2 downloaded, 3 already there$/);
    expect(await readFile(path.join(dir, "10005.txt"))).toEqual(BOOKS.get("test/10005.txt"));
  });
});

describe("runner corpus download: the corpus identity", () => {
  it("not pinned yet: prints the identity and the line a maintainer pins, exit 0", async () => {
    expect(await download(UNPINNED)).toBe(0);
    const identity = loadCorpus(dir).sha256;
    expect(printed).toContain(`corpus identity ${identity} (${dir})`);
    expect(printed.join("\n")).toMatch(/not pinned yet/);
    expect(printed).toContain(`  corpus: { ...DEFAULT_PARAMS.corpus, sha256: "${identity}" },`);
  });

  it("pinned and equal: verified, exit 0", async () => {
    expect(await download(UNPINNED)).toBe(0);
    const identity = loadCorpus(dir).sha256;
    printed = [];
    expect(await download({ ...UNPINNED, sha256: identity })).toBe(0);
    expect(printed).toContain(
      `verified: ${dir} is the pinned deepmind/pg19 test at revision ${UNPINNED.revision} (${identity})`,
    );
  });

  it("pinned and different: exit 1, naming both identities", async () => {
    const pinned = "ab".repeat(32);
    expect(await download({ ...UNPINNED, sha256: pinned })).toBe(1);
    const identity = loadCorpus(dir).sha256;
    expect(printed.join("\n")).toContain(`corpus identity ${identity} (${dir}) is not the pinned ${pinned}`);
  });
});

describe("workers/runner/main.ts corpus download", () => {
  it("is wired as a subcommand: downloads, then judges the identity against the params in force", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "workers/runner/main.ts", "corpus", "download", "--dir", dir, "--source", gcs.url],
      { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(stdout).toMatch(/"msg":"corpus: book 5 of 5/);
    expect(stdout).toContain(`corpus identity ${loadCorpus(dir).sha256} (${dir})`);
    // This folder is not PG19: only an unpinned identity lets it through.
    expect(code).toBe(paramsAt(Number.MAX_SAFE_INTEGER).corpus.sha256 === null ? 0 : 1);
  }, 30_000);
});
