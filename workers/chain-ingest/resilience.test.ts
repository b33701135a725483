import { count, eq } from "drizzle-orm";
import { ApiPromise, WsProvider } from "@polkadot/api";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { Database } from "@/db/client";
import { CursorConflictError, ParentMismatchError, advanceCursor, getIngestCursor } from "@/db/queries/chain";
import { commitments, metagraphSnapshots, submissions } from "@/db/schema";
import { CHAIN_WORKER, getWorkerStatus } from "@/db/queries/status";
import { describeEachDatabase, openTestDatabase } from "@/db/test-support/databases";
import { createLogger } from "@/lib/log";
import { startDevnet } from "@/workers/devnet/server";
import { ArchiveEndpoint } from "./archive";
import { ChainIngest } from "./ingest";
import type { RpcSender } from "./rpc";
import { startChainIngest } from "./start";
import { startProxy } from "./test-support/proxy";
import { waitForCursor } from "./test-support/wait";
import type { BlockData } from "./types";
import { BlockWriter } from "./writer";

const hash = (n: number) => `0x${n.toString(16).padStart(64, "0")}`;
const text = (s: string) => new TextEncoder().encode(s);
const HOTKEY = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
// Each part of this file writes its own subnet, so they can share one database per driver.
const WRITER_NETUID = 99;
const TEST_CURSOR = { network: "test", netuid: 1 };
const log = createLogger({ test: "resilience" }, "error");

function block(n: number, extra: Partial<BlockData> = {}): BlockData {
  return {
    number: n,
    hash: hash(n),
    parentHash: hash(n - 1),
    specVersion: 424,
    timestamp: new Date(1_750_000_000_000 + n * 12_000),
    epoch: false,
    commitments: [],
    metagraph: null,
    ...extra,
  };
}

const withCommitment = (n: number) =>
  block(n, {
    commitments: [
      {
        hotkey: HOTKEY,
        source: "plain",
        commitBlock: n,
        rawBytes: text(`docker.io/a/b@sha256:${"a".repeat(64)}`),
        text: text(`docker.io/a/b@sha256:${"a".repeat(64)}`),
        uid: 1,
        registrationBlock: 1,
      },
    ],
    metagraph: {
      kind: "registration",
      via: "storage",
      tempo: 360,
      neurons: [
        {
          uid: 1,
          hotkey: HOTKEY,
          coldkey: HOTKEY,
          stakeRao: 0n,
          validatorPermit: false,
          incentive: 0,
          emissionRao: 0n,
          registrationBlock: 1,
        },
      ],
      subnetTaoRao: null,
      subnetAlphaInRao: null,
      alphaPriceTao: null,
      priceSource: null,
      alphaPriceRao: null,
      swapQuoteWeight: null,
    },
  });

describeEachDatabase("chain ingest resilience", (driver) => {
  let database: Database;
  const move = (from: number, to: number, parent = hash(from - 1)) => ({
    ...TEST_CURSOR,
    first: { number: from, parentHash: parent },
    last: { number: to, hash: hash(to), specVersion: 424 },
    initial: false,
  });

  beforeAll(async () => {
    database = await openTestDatabase(driver);
  });
  afterAll(async () => {
    await database?.close();
  });

  it("starts at the first block ingested and advances when the parent hash matches", async () => {
    await advanceCursor(database.db, { ...move(10, 10), initial: true });
    await advanceCursor(database.db, move(11, 15));
    expect(await getIngestCursor(database.db, TEST_CURSOR)).toMatchObject({
      blockNumber: 15,
      blockHash: hash(15),
    });
  });

  it("fails loudly when the next block's parent is not the stored block", async () => {
    await expect(advanceCursor(database.db, move(16, 16, hash(999)))).rejects.toBeInstanceOf(
      ParentMismatchError,
    );
    expect((await getIngestCursor(database.db, TEST_CURSOR))?.blockNumber).toBe(15);
  });

  it("refuses a writer that expected the cursor elsewhere, and a second initial writer", async () => {
    await expect(advanceCursor(database.db, move(12, 14))).rejects.toBeInstanceOf(CursorConflictError);
    await expect(advanceCursor(database.db, { ...move(1, 1), initial: true })).rejects.toBeInstanceOf(
      CursorConflictError,
    );
  });

  it("lets exactly one of two concurrent writers advance from the same block", async () => {
    const attempt = () => database.db.transaction((tx) => advanceCursor(tx, move(16, 20)));
    const results = await Promise.allSettled([attempt(), attempt()]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r) => r.status === "rejected");
    expect(failed?.status === "rejected" && failed.reason).toBeInstanceOf(CursorConflictError);
    expect((await getIngestCursor(database.db, TEST_CURSOR))?.blockNumber).toBe(20);
  });

  const rows = async () => ({
    commitments: (
      await database.db.select({ n: count() }).from(commitments).where(eq(commitments.netuid, WRITER_NETUID))
    )[0]?.n,
    submissions: (
      await database.db.select({ n: count() }).from(submissions).where(eq(submissions.netuid, WRITER_NETUID))
    )[0]?.n,
    snapshots: (
      await database.db
        .select({ n: count() })
        .from(metagraphSnapshots)
        .where(eq(metagraphSnapshots.netuid, WRITER_NETUID))
    )[0]?.n,
  });

  it("writes a range's rows with the cursor and changes nothing when the range is written again", async () => {
    const writer = new BlockWriter(database.db, "w", WRITER_NETUID);
    const range = [block(5), withCommitment(6), block(7)];
    const result = await writer.write(range, { initial: true, live: false });
    expect(result).toMatchObject({ commitments: 1, submissions: 1, snapshots: 1 });
    const before = await rows();
    expect(before).toEqual({ commitments: 1, submissions: 1, snapshots: 1 });
    // A second worker (or a restart that lost its place) re-running the same blocks is turned away whole.
    const again = new BlockWriter(database.db, "w", WRITER_NETUID);
    await expect(again.write(range, { initial: false, live: false })).rejects.toBeInstanceOf(
      CursorConflictError,
    );
    expect(await rows()).toEqual(before);
    expect((await getIngestCursor(database.db, { network: "w", netuid: WRITER_NETUID }))?.blockNumber).toBe(
      7,
    );
  });

  it("rolls the whole range back, cursor included, when any block of it fails", async () => {
    const writer = new BlockWriter(database.db, "w", WRITER_NETUID);
    const good = withCommitment(8);
    const bad = withCommitment(9);
    const neuron = bad.metagraph?.neurons[0];
    // Two rows for one UID break the neurons' primary key inside the transaction.
    if (bad.metagraph && neuron) bad.metagraph.neurons.push(neuron);
    const before = await rows();
    await expect(writer.write([good, bad], { initial: false, live: false })).rejects.toThrow();
    expect(await rows()).toEqual(before);
    expect((await getIngestCursor(database.db, { network: "w", netuid: WRITER_NETUID }))?.blockNumber).toBe(
      7,
    );
  });

  it("refuses blocks that do not link up before touching the database", async () => {
    const writer = new BlockWriter(database.db, "w", WRITER_NETUID);
    await expect(
      writer.write([block(8), block(9, { parentHash: hash(0) })], { initial: false, live: false }),
    ).rejects.toThrow(/not a chain/);
  });

  it("reads blocks older than the main node keeps from the archive endpoint", async () => {
    const devnet = await startDevnet({ netuid: 7, tempo: 30, genesisTime: 1_750_000_000_000 });
    const provider = new WsProvider(devnet.url);
    const api = await ApiPromise.create({ provider, noInitWarn: true });
    const archive = new ArchiveEndpoint(devnet.url, log);
    try {
      devnet.devnet.newBlocks(300);
      const head = devnet.devnet.chain.head;
      // A pruned node: the state of blocks more than 50 behind the head is gone.
      let refused = 0;
      const pruned: RpcSender = {
        send: <T>(method: string, params: unknown[]) => {
          const at = params[params.length - 1];
          const block = typeof at === "string" ? devnet.devnet.chain.blockByHash(at) : undefined;
          if (method.startsWith("state_") && block && block.number < head.number - 50) {
            refused++;
            return Promise.reject(new Error(`State already discarded for ${at}`));
          }
          return provider.send<T>(method, params);
        },
      };
      const ingest = new ChainIngest({
        db: database.db,
        network: "pruned",
        netuid: 7,
        log,
        startBlock: 0,
        rangeSize: 32,
        archive,
        // Never by age here: every range tries the main node first, so each refusal must fall back.
        archiveAfterBlocks: 10_000,
      });
      ingest.onFinalized({ api, sender: pruned }, { number: head.number, hash: head.hash });
      await waitForCursor(database.db, { network: "pruned", netuid: 7 }, head.number);
      await ingest.stop();
      expect(await getIngestCursor(database.db, { network: "pruned", netuid: 7 })).toMatchObject({
        blockHash: head.hash,
      });
      expect(refused).toBeGreaterThan(0);
    } finally {
      await archive.close();
      await api.disconnect();
      await devnet.stop();
    }
  });

  it("reconnects after the connection drops and resumes from the cursor", async () => {
    const devnet = await startDevnet({ netuid: 8, tempo: 30, genesisTime: 1_750_000_000_000 });
    const proxy = await startProxy(devnet.port);
    const running = startChainIngest(
      database,
      { endpoint: proxy.url, network: "proxied", netuid: 8, backoff: { baseMs: 50, maxMs: 100 } },
      log,
    );
    try {
      devnet.devnet.newBlocks(5);
      await waitForCursor(database.db, { network: "proxied", netuid: 8 }, 5);
      proxy.refuse(true);
      proxy.cut();
      devnet.devnet.newBlocks(5);
      await vi.waitFor(async () => {
        expect((await getWorkerStatus(database.db, CHAIN_WORKER))?.state).toBe("unreachable");
      });
      proxy.refuse(false);
      devnet.devnet.newBlocks(1);
      await waitForCursor(database.db, { network: "proxied", netuid: 8 }, 11);
      expect(await getIngestCursor(database.db, { network: "proxied", netuid: 8 })).toMatchObject({
        blockHash: devnet.devnet.chain.head.hash,
      });
    } finally {
      await running.stop();
      await proxy.close();
      await devnet.stop();
    }
  });
});
