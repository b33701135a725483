// An overloaded explorer can hold a signed post past Epistula's ±8 s window and answer 401 stale_timestamp
// (bench/load/ does it). The run must stay in the spool and be delivered by a later, freshly signed attempt,
// not be moved to rejected/: that would lose a finished run.
import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { afterAll, beforeAll, expect, it } from "vitest";

import { createLogger, type LogRecord } from "@/lib/log";

import { ApiClient } from "./api-client";
import { Delivery } from "./delivery";
import { Spool } from "./spool";

let server: http.Server;
let dir: string;
/** Answers to give POST /api/v1/runs, in order; then 201. */
const script: { status: number; code: string; date?: string }[] = [];
const timestamps: string[] = [];

beforeAll(async () => {
  await cryptoWaitReady();
  dir = await mkdtemp(path.join(os.tmpdir(), "delivery-stale-"));
  server = http.createServer((req, res) => {
    timestamps.push(String(req.headers["epistula-timestamp"]));
    req.resume().on("end", () => {
      const next = script.shift();
      if (next === undefined) return void res.writeHead(201).end("{}");
      res.writeHead(next.status, {
        "content-type": "application/json",
        ...(next.date === undefined ? {} : { date: next.date }),
      });
      res.end(JSON.stringify({ error: { code: next.code, message: "refused" } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

it("keeps a run refused as stale_timestamp and delivers it, re-signed, on the next attempt", async () => {
  const pair = new Keyring({ type: "sr25519", ss58Format: 42 }).addFromUri("//Validator1");
  const { port } = server.address() as AddressInfo;
  const api = new ApiClient({ baseUrl: `http://127.0.0.1:${port}`, signer: pair, signedFor: "t" });
  const spool = new Spool(path.join(dir, "spool"));
  await spool.init();
  const delivery = new Delivery(spool, api, createLogger({}, "error"), { baseMs: 1, maxMs: 1 });
  const runId = randomUUID();
  await spool.add(runId, Buffer.from(JSON.stringify({ runId })));

  script.push({ status: 401, code: "stale_timestamp" });
  expect(await delivery.deliverPending(true)).toEqual({ delivered: 0, rejected: 0, remaining: 1 });
  expect(await readdir(spool.rejectedDir)).toEqual([]);
  await new Promise((resolve) => setTimeout(resolve, 5));
  expect(await delivery.deliverPending(true)).toEqual({ delivered: 1, rejected: 0, remaining: 0 });
  expect(timestamps).toHaveLength(2);

  // Any other 401 (a bad signature) will not pass by retrying: rejected, as before.
  const other = randomUUID();
  await spool.add(other, Buffer.from(JSON.stringify({ runId: other })));
  script.push({ status: 401, code: "bad_signature" });
  expect(await delivery.deliverPending(true)).toEqual({ delivered: 0, rejected: 1, remaining: 0 });
});

it("names a clock offset as such when the explorer's clock is far from this pod's", async () => {
  const pair = new Keyring({ type: "sr25519", ss58Format: 42 }).addFromUri("//Validator1");
  const { port } = server.address() as AddressInfo;
  const api = new ApiClient({ baseUrl: `http://127.0.0.1:${port}`, signer: pair, signedFor: "t" });
  const spool = new Spool(path.join(dir, "spool-clock"));
  await spool.init();
  const logged: LogRecord[] = [];
  const log = createLogger({}, "warn", (record) => void logged.push(record));
  const delivery = new Delivery(spool, api, log, { baseMs: 1, maxMs: 1 });
  await spool.add(randomUUID(), Buffer.from("{}"));
  // The explorer's clock 30 s behind this pod's: every signature looks 30 s in the future to it.
  script.push({ status: 401, code: "stale_timestamp", date: new Date(Date.now() - 30_000).toUTCString() });
  expect(await delivery.deliverPending(true)).toMatchObject({ remaining: 1 });
  // The Date header has whole seconds, so the estimate is within half a second.
  expect(logged.map((r) => r.msg)).toEqual([
    expect.stringMatching(/clock is (29|30)\.\d s ahead of the explorer's/),
  ]);
});
