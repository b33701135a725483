import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { SignedRequestSpec } from "@/server/api/test-support/signing";
import { cpuSeconds } from "../lib/machine";

// Sends signed requests with wrk (Debian's package), each exactly once, over `connections` keep-alive
// connections, through bench/rows/ingest-wrk.lua. wrk spends a few tens of µs of CPU a request where Node's
// HTTP client spends a few hundred, and on a two-core machine the load generator's CPU is taken from the
// server it measures.

const SCRIPT = path.join(import.meta.dirname, "ingest-wrk.lua");

export interface WrkBatch {
  statuses: Map<number, number>;
  firstError: string;
  /** From the first request written to the last answer read. */
  seconds: number;
  /** wrk's CPU (user + system), read just before it is stopped. */
  cpuSeconds: number;
}

/** Raw HTTP/1.1 requests, each after a line with its length, as the Lua script reads them. */
function requestFile(url: URL, requests: readonly SignedRequestSpec[]): Buffer {
  const parts: Buffer[] = [];
  for (const spec of requests) {
    const body = Buffer.from(spec.body ?? new Uint8Array(0));
    const headers = { ...spec.headers, host: url.host, "content-length": String(body.length) };
    const head = Buffer.from(
      `${spec.method} ${url.pathname} HTTP/1.1\r\n` +
        Object.entries(headers)
          .map(([name, value]) => `${name}: ${value}\r\n`)
          .join("") +
        "\r\n",
      "latin1",
    );
    parts.push(Buffer.from(`${head.length + body.length}\n`), head, body);
  }
  return Buffer.concat(parts);
}

export async function postWithWrk(
  url: URL,
  requests: readonly SignedRequestSpec[],
  connections: number,
): Promise<WrkBatch> {
  const dir = mkdtempSync(path.join(tmpdir(), "cacheon-wrk-"));
  const file = path.join(dir, "requests");
  writeFileSync(file, requestFile(url, requests));
  try {
    const wrk = spawn(
      "wrk",
      ["-t1", `-c${connections}`, "-d600s", "--timeout", "60s", "-s", SCRIPT, url.href, "--", file],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const exited = new Promise<number | null>((resolve, reject) => {
      wrk.once("error", reject);
      wrk.once("exit", resolve);
    });
    const batch: WrkBatch = { statuses: new Map(), firstError: "", seconds: 0, cpuSeconds: 0 };
    let output = "";
    let done = false;
    wrk.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^done (\d+) (\d+)$/m.exec(output);
      if (match === null || done) return;
      done = true;
      batch.seconds = Number(match[2]) / 1e6;
      batch.cpuSeconds = cpuSeconds(wrk.pid as number);
      // wrk sleeps for -d; SIGINT ends the sleep, and it prints its summary and exits.
      wrk.kill("SIGINT");
    });
    const code = await exited;
    if (!done) throw new Error(`wrk exited (${code}) before every answer came back:\n${output}`);
    for (const [, status, count] of output.matchAll(/^status (\d+) (\d+)$/gm))
      batch.statuses.set(Number(status), Number(count));
    batch.firstError = /^error (.*)$/m.exec(output)?.[1] ?? "";
    return batch;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
