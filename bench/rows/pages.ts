import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { load, type LoadResult } from "../lib/load";
import { load1 } from "../lib/machine";
import type { BenchRow } from "../lib/result";
import { round } from "../lib/stats";
import type { Explorer } from "../lib/server";

// Server-rendered pages under 64 concurrent clients, against the same server sending a static file of the
// same size (written into the build's static folder, which Next serves at /_next/static/).

const PAGES: [name: string, path: string][] = [
  ["leaderboard", "/leaderboard"],
  ["king (home)", "/"],
];

const twinFile = (name: string) => `bench-${name.replace(/\W+/g, "-")}.html`;

/**
 * Renders each page once and writes a static file of the same size into the build's static folder. Next lists
 * that folder when it starts, so the server must be restarted before the twins are served.
 */
export async function writeStaticTwins(server: Explorer, distDir: string): Promise<void> {
  const dir = path.join(distDir, "static", "bench");
  mkdirSync(dir, { recursive: true });
  for (const [name, pagePath] of PAGES) {
    const response = await fetch(`${server.url}${pagePath}`);
    const html = await response.text();
    if (!response.ok) throw new Error(`${pagePath} answered ${response.status}`);
    writeFileSync(path.join(dir, twinFile(name)), html);
  }
}

export async function pagesRows(
  server: Explorer,
  options: { connections: number; seconds: number },
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const [name, pagePath] of PAGES) {
    // Warm-up: JIT, route bundles, the database's caches.
    let bytes = 0;
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${server.url}${pagePath}`);
      bytes = Buffer.byteLength(await response.text());
      if (!response.ok) throw new Error(`${pagePath} answered ${response.status}`);
    }
    const staticUrl = `${server.url}/_next/static/bench/${twinFile(name)}`;
    const warm = await fetch(staticUrl);
    if (!warm.ok) throw new Error(`the static twin ${staticUrl} answered ${warm.status}`);
    const twinBytes = (await warm.arrayBuffer()).byteLength;

    // Reference first, each test after the server has drained the last one's queue.
    await drained(staticUrl);
    const reference = await load({
      url: staticUrl,
      connections: options.connections,
      seconds: options.seconds,
    });
    await drained(staticUrl);
    const page = await load({
      url: `${server.url}${pagePath}`,
      connections: options.connections,
      seconds: options.seconds,
    });
    await drained(staticUrl);
    const ratio = page.p95 / reference.p95;
    rows.push({
      row: "pages",
      what: `${name} page (${pagePath}), ${Math.round(bytes / 1024)} KB, ${options.connections} clients`,
      figure: describe(page),
      reference: `static file of ${Math.round(twinBytes / 1024)} KB: ${describe(reference)}`,
      ratio: `${round(ratio, 2)}× at p95`,
      target: "p95 within 3×, no errors",
      met: ratio <= 3 && page.errors === 0,
      load: load1(),
      detail: { page, reference, bytes, twinBytes },
    });
  }
  return rows;
}

/** Waits until the server answers a static file within 100 ms again (at most 60 s). */
async function drained(url: string): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    const t = performance.now();
    await (await fetch(url)).arrayBuffer();
    if (performance.now() - t < 100) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const describe = (r: LoadResult) =>
  `p50 ${round(r.p50, 1)} / p95 ${round(r.p95, 1)} ms, ${Math.round(r.perSecond)} req/s, ${r.errors} errors`;
