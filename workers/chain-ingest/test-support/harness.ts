// Test support: chain ingest running against an in-process devnet and a test database, with every published
// change collected, and helpers to seal blocks and wait until ingest has stored them.
import { Keyring } from "@polkadot/keyring";
import { WsProvider } from "@polkadot/api";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import type { Database, DriverKind } from "@/db/client";
import { subscribeChanges, type Change } from "@/db/notify";
import { openTestDatabase } from "@/db/test-support/databases";
import { createLogger } from "@/lib/log";
import { devClient, type DevClient } from "@/workers/devnet/client";
import { startDevnet, type DevnetOptions, type RunningDevnet } from "@/workers/devnet/server";
import { startChainIngest, type ChainIngestConfig, type RunningChainIngest } from "../start";
import { waitForCursor } from "./wait";

export const NETWORK = "devnet";
export const NETUID = 14;

export interface Harness {
  devnet: RunningDevnet;
  dev: DevClient;
  database: Database;
  ingest: RunningChainIngest;
  changes: Change[];
  /** The SS58 address of a dev URI (//Miner1...). */
  account(uri: string): string;
  /** Seals `count` blocks and waits until ingest has stored them; answers the last block's number. */
  seal(count?: number): Promise<number>;
  stop(): Promise<void>;
}

export async function startHarness(
  driver: DriverKind,
  devnetOptions: DevnetOptions = {},
  ingest: ChainIngestConfig["ingest"] = {},
): Promise<Harness> {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
  const devnet = await startDevnet({ genesisTime: 1_750_000_000_000, ...devnetOptions });
  const provider = new WsProvider(devnet.url);
  await provider.isReady;
  const database = await openTestDatabase(driver);
  const changes: Change[] = [];
  const unlisten = await subscribeChanges(database, (change) => changes.push(change));
  const running = startChainIngest(
    database,
    {
      endpoint: devnet.url,
      network: NETWORK,
      netuid: NETUID,
      backoff: { baseMs: 50, maxMs: 200 },
      ingest: { startBlock: 0, progressIntervalMs: 200, ...ingest },
    },
    createLogger({ test: "chain-ingest" }, "warn"),
  );
  const harness: Harness = {
    devnet,
    dev: devClient(provider),
    database,
    ingest: running,
    changes,
    account: (uri) => keyring.addFromUri(uri).address,
    seal: async (count = 1) => {
      await harness.dev.newBlock(count);
      const head = devnet.devnet.chain.head.number;
      await waitForCursor(database.db, { network: NETWORK, netuid: 14 }, head);
      return head;
    },
    stop: async () => {
      await running.stop();
      await unlisten();
      await provider.disconnect();
      await database.close();
      await devnet.stop();
    },
  };
  return harness;
}
