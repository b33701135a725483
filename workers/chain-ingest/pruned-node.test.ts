// Following a real node through the real worker (startChainIngest) against a devnet that prunes state as a
// public finney node does: where ingest starts, what it does after an outage longer than the pruning window,
// what it says when asked for a block the node discarded, and a netuid registered again.
import { ApiPromise, WsProvider } from "@polkadot/api";
import { and, eq, min } from "drizzle-orm";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { Database } from "@/db/client";
import { getIngestCursor, listGaps } from "@/db/queries/chain";
import { CHAIN_WORKER, getWorkerStatus } from "@/db/queries/status";
import { readContextOf } from "@/server/read/context";
import { readStatus } from "@/server/read/status";
import { metagraphSnapshots } from "@/db/schema";
import { describeEachDatabase, openTestDatabase } from "@/db/test-support/databases";
import { createLogger } from "@/lib/log";
import { startDevnet, type DevnetOptions, type RunningDevnet } from "@/workers/devnet/server";
import { ChainIngest } from "./ingest";
import type { RpcSender } from "./rpc";
import { startChainIngest, type ChainIngestConfig } from "./start";
import { waitForCursor } from "./test-support/wait";

const log = createLogger({ test: "pruned-node" }, "error");
const GENESIS = 1_750_000_000_000;
const FAST = { backoff: { baseMs: 50, maxMs: 200 } };
// The machine may be busy: status changes are waited for longer than vi.waitFor's default second.
const WAIT = { timeout: 15_000 };

describeEachDatabase("chain ingest from a pruned node", (driver) => {
  let database: Database;
  const devnets: RunningDevnet[] = [];
  const stops: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    database = await openTestDatabase(driver);
  });
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
    for (const d of devnets) await d.stop();
    await database?.close();
  });

  // Each test its own netuid and network: snapshots are keyed by netuid.
  const devnet = async (netuid: number, options: DevnetOptions = {}) => {
    const d = await startDevnet({ netuid, tempo: 30, genesisTime: GENESIS, statePruning: 64, ...options });
    devnets.push(d);
    return d;
  };
  const ingest = (d: RunningDevnet, netuid: number, config: Partial<ChainIngestConfig> = {}) => {
    const running = startChainIngest(
      database,
      { endpoint: d.url, network: `pruned-${netuid}`, netuid, ...FAST, ...config },
      log,
    );
    stops.push(() => running.stop());
    return running;
  };
  const status = (netuid: number, archiveEndpoint = false) =>
    readStatus(
      readContextOf(database, {
        network: `pruned-${netuid}`,
        netuid,
        settings: { chainEndpoint: "ws://devnet", archiveEndpoint },
      }),
    );
  const firstSnapshot = async (netuid: number) =>
    (
      await database.db
        .select({ block: min(metagraphSnapshots.blockNumber) })
        .from(metagraphSnapshots)
        .where(eq(metagraphSnapshots.netuid, netuid))
    )[0]?.block;

  it("stores blocks from the finalized head with the defaults, and says where its history starts", async () => {
    const d = await devnet(21);
    d.devnet.newBlocks(300);
    const head = d.devnet.chain.head.number;
    ingest(d, 21);
    await waitForCursor(database.db, { network: "pruned-21", netuid: 21 }, head);
    d.devnet.newBlocks(3);
    await waitForCursor(database.db, { network: "pruned-21", netuid: 21 }, head + 3);
    expect(await getIngestCursor(database.db, { network: "pruned-21", netuid: 21 })).toMatchObject({
      firstBlock: head,
      subnetRegisteredAt: 0,
    });
    expect(Number(await firstSnapshot(21))).toBe(head);
    expect((await status(21)).ingest).toMatchObject({ firstBlock: head, gaps: [], problem: null });
  });

  it("records a gap after an outage longer than the pruning window and resumes at the head", async () => {
    const d = await devnet(22);
    d.devnet.newBlocks(10);
    const key = { network: "pruned-22", netuid: 22 };
    const first = ingest(d, 22);
    await waitForCursor(database.db, key, 10);
    await first.stop();
    // The outage: more blocks than the node keeps the state of.
    d.devnet.newBlocks(100);
    const head = d.devnet.chain.head.number;
    ingest(d, 22);
    await waitForCursor(database.db, key, head);
    expect(await listGaps(database.db, key)).toMatchObject([{ fromBlock: 11, toBlock: head - 1 }]);
    // The subnet is read afresh where ingest resumed: what changed during the gap is not missed.
    const resumed = await database.db
      .select({ kind: metagraphSnapshots.kind })
      .from(metagraphSnapshots)
      .where(and(eq(metagraphSnapshots.netuid, 22), eq(metagraphSnapshots.blockNumber, head)));
    expect(resumed).toEqual([{ kind: "start" }]);
    const shown = (await status(22)).ingest;
    expect(shown.firstBlock).toBe(10);
    expect(shown.gaps).toMatchObject([{ fromBlock: 11, toBlock: head - 1 }]);
    expect(shown.gaps[0]?.reason).toMatch(/CHAIN_ARCHIVE_ENDPOINT/);
    d.devnet.newBlocks(2);
    await waitForCursor(database.db, key, head + 2);
  });

  it("says plainly that CHAIN_START_BLOCK is older than the node keeps, and stops asking", async () => {
    const d = await devnet(23);
    d.devnet.newBlocks(200);
    ingest(d, 23, { ingest: { startBlock: 0 } });
    await vi.waitFor(async () => {
      expect((await status(23)).ingest.problem).toMatch(
        /block #0 .*CHAIN_ARCHIVE_ENDPOINT.*CHAIN_START_BLOCK/,
      );
    }, WAIT);
    expect((await getWorkerStatus(database.db, CHAIN_WORKER))?.lastError).toMatch(/pruned node/);
    expect(await getIngestCursor(database.db, { network: "pruned-23", netuid: 23 })).toBeNull();
  });

  it("backfills from the archive endpoint when one is configured, metadata included", async () => {
    const d = await devnet(24);
    d.devnet.newBlocks(60);
    d.devnet.runtimeUpgrade();
    d.devnet.newBlocks(140);
    const head = d.devnet.chain.head.number;
    ingest(d, 24, {
      archiveEndpoint: d.archiveUrl,
      ingest: { startLagBlocks: 150, archiveAfterBlocks: 10_000 },
    });
    await waitForCursor(database.db, { network: "pruned-24", netuid: 24 }, head);
    expect(await getIngestCursor(database.db, { network: "pruned-24", netuid: 24 })).toMatchObject({
      firstBlock: head - 150,
    });
    expect(await listGaps(database.db, { network: "pruned-24", netuid: 24 })).toEqual([]);
  });

  it("refuses a netuid registered again: writes up to the block before and says so", async () => {
    const d = await devnet(25, { statePruning: undefined });
    d.devnet.newBlocks(5);
    const key = { network: "pruned-25", netuid: 25 };
    ingest(d, 25, { ingest: { startBlock: 0 } });
    await waitForCursor(database.db, key, 5);
    d.devnet.newBlocks(3);
    const again = d.devnet.reRegisterSubnet();
    d.devnet.newBlocks(5);
    await vi.waitFor(async () => {
      expect((await status(25)).ingest.problem).toMatch(
        new RegExp(`netuid 25 was registered again at block #${again}.*registered at #0`),
      );
    }, WAIT);
    expect((await getIngestCursor(database.db, key))?.blockNumber).toBe(again - 1);
    const after = await database.db
      .select({ block: metagraphSnapshots.blockNumber })
      .from(metagraphSnapshots)
      .where(eq(metagraphSnapshots.netuid, 25));
    expect(after.every((s) => s.block < again)).toBe(true);
  });

  it("reconnects a finalized-head subscription that went silent, and says so meanwhile", async () => {
    const d = await devnet(26);
    const key = { network: "pruned-26", netuid: 26 };
    ingest(d, 26, { silentAfterMs: 300 });
    d.devnet.newBlocks(2);
    await waitForCursor(database.db, key, 2);
    d.silence(true);
    d.devnet.newBlocks(3);
    await vi.waitFor(async () => {
      const chain = (await status(26)).chain;
      expect(chain.state).not.toBe("connected");
      expect(chain.lastError).toMatch(/no finalized head .* reconnecting/);
    }, WAIT);
    d.silence(false);
    await waitForCursor(database.db, key, 5);
    await vi.waitFor(async () => expect((await status(26)).chain.state).toBe("connected"), WAIT);
  });

  it("does not take a block the node has not got yet for a pruned one: no gap, it waits", async () => {
    const d = await devnet(28, { statePruning: undefined });
    const key = { network: "pruned-28", netuid: 28 };
    const provider = new WsProvider(d.url);
    const api = await ApiPromise.create({ provider, noInitWarn: true });
    stops.push(() => api.disconnect());
    d.devnet.newBlocks(5);
    const chainIngest = new ChainIngest({ db: database.db, ...key, log, backoff: { baseMs: 20, maxMs: 50 } });
    stops.push(() => chainIngest.stop());
    const head = d.devnet.chain.head;
    chainIngest.onFinalized({ api, sender: provider }, { number: head.number, hash: head.hash });
    await waitForCursor(database.db, key, head.number);
    // A head announced by a node ahead of this one (a load balancer): blocks past 5 are not there yet.
    chainIngest.onFinalized({ api, sender: provider }, { number: head.number + 100, hash: head.hash });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await listGaps(database.db, key)).toEqual([]);
    d.devnet.newBlocks(100);
    await waitForCursor(database.db, key, head.number + 100);
    expect(await listGaps(database.db, key)).toEqual([]);
  });

  it("keeps the requests in flight within the concurrency, however many ranges are read ahead", async () => {
    const d = await devnet(27, { statePruning: undefined });
    d.devnet.newBlocks(200);
    const provider = new WsProvider(d.url);
    const api = await ApiPromise.create({ provider, noInitWarn: true });
    stops.push(() => api.disconnect());
    let inFlight = 0;
    let most = 0;
    const counting: RpcSender = {
      send: async <T>(method: string, params: unknown[]) => {
        most = Math.max(most, ++inFlight);
        try {
          return await provider.send<T>(method, params);
        } finally {
          inFlight--;
        }
      },
    };
    const chainIngest = new ChainIngest({
      db: database.db,
      network: "pruned-27",
      netuid: 27,
      log,
      startBlock: 0,
      concurrency: 3,
      readAhead: 3,
      rangeSize: 16,
    });
    stops.push(() => chainIngest.stop());
    const head = d.devnet.chain.head;
    chainIngest.onFinalized({ api, sender: counting }, { number: head.number, hash: head.hash });
    await waitForCursor(database.db, { network: "pruned-27", netuid: 27 }, head.number);
    expect(most).toBe(3);
  });
});
