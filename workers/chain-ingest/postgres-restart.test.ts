// Postgres goes away while the chain worker ingests and the API takes signed runs: crashed (immediate stop,
// recovery at start) and then restarted cleanly; in between, the chain endpoint drops (and refuses
// connections for a while) and the runtime is upgraded. Afterwards the chain tables equal a clean ingest of the same
// chain row for row (no gap, no duplicate), and every run the API answered 201/200 is stored exactly once
// (clients retry on 5xx and on no answer, as the runner's delivery does). The cluster is this test's own: the
// machine's shared Postgres on 5432 is never restarted.
import { stringToU8a } from "@polkadot/util";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeRows, openDatabase, type Database } from "@/db/client";
import { getIngestCursor } from "@/db/queries/chain";
import { submissions, validators } from "@/db/schema";
import { createScratchDatabase } from "@/db/test-support/scratch-database";
import {
  postgresBinDir,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from "@/db/test-support/throwaway-postgres";
import { testDeps } from "@/server/api/test-support/deps";
import { postRunUntilAccepted } from "@/server/api/test-support/persistent-poster";
import { buildRun } from "@/lib/protocol/test-support/run-fixture";
import { createLogger, type LogRecord } from "@/lib/log";
import { startDevnet, type RunningDevnet } from "@/workers/devnet/server";
import { startChainIngest, type RunningChainIngest } from "./start";
import { startProxy, type Proxy } from "./test-support/proxy";
import { tableSnapshot } from "./test-support/table-snapshot";
import { waitForCursor } from "./test-support/wait";

const NETWORK = "devnet";
const MINERS = 6;
const WRITERS = 4;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const digest = (n: number) => `sha256:${n.toString(16).padStart(64, "0")}`;

const binaries = postgresBinDir();
if (binaries === null) {
  const message = "Postgres server binaries not found under /usr/lib/postgresql/*/bin";
  if (process.env.CI === "true") throw new Error(`CI=true but ${message}`);
  console.warn(`skipping the Postgres restart test: ${message}`);
}

/** A database on the throwaway cluster (created there), migrated. */
async function createDatabase(cluster: ThrowawayPostgres, name: string): Promise<Database> {
  const scratch = await createScratchDatabase(cluster.url, name);
  return openDatabase({ databaseUrl: scratch.url });
}

describe.runIf(binaries !== null)(
  "Postgres restarted, chain dropped and upgraded under ingest and API writes",
  () => {
    let cluster: ThrowawayPostgres;
    let devnet: RunningDevnet;
    let database: Database;
    let ingest: RunningChainIngest | undefined;
    let proxy: Proxy;
    // The faults make the API and the worker log errors by design; they are kept (and counted), not printed.
    const logged: LogRecord[] = [];
    const log = createLogger({ test: "postgres-restart" }, "error", (record) => void logged.push(record));

    beforeAll(async () => {
      await cryptoWaitReady();
      cluster = await startThrowawayPostgres();
      database = await createDatabase(cluster, "faulted");
      devnet = await startDevnet({ tempo: 40, genesisTime: 1_750_000_000_000 });
      proxy = await startProxy(devnet.port);
    }, 60_000);

    afterAll(async () => {
      await ingest?.stop();
      await database?.close();
      await proxy?.close();
      await devnet?.stop();
      await cluster?.destroy();
    });

    it("loses no block and no run, and stores none twice", async () => {
      const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
      const validator = keyring.addFromUri("//Validator1");
      const coldkey = keyring.addFromUri("//Alice").address;
      const miners = Array.from(
        { length: MINERS },
        (_, i) => keyring.addFromUri(`//RestartMiner${i}`).address,
      );
      const chain = devnet.devnet;
      const validatorUid = chain.registerNeuron({ hotkey: validator.address, coldkey });
      for (const hotkey of miners) chain.registerNeuron({ hotkey, coldkey });
      chain.setValidatorPermit({ uid: validatorUid, permit: true });
      chain.setStake({ hotkey: validator.address, alpha: 10n ** 15n });
      miners.forEach((hotkey, i) =>
        chain.commit({
          hotkey,
          fields: [stringToU8a(JSON.stringify({ image: `docker.io/m${i}/qwen:v1`, digest: digest(i) }))],
        }),
      );
      chain.advanceEpoch({ weights: { 1: 1 } });
      chain.newBlocks(1);

      ingest = startChainIngest(
        database,
        {
          endpoint: proxy.url,
          network: NETWORK,
          netuid: 14,
          backoff: { baseMs: 50, maxMs: 400 },
          ingest: { startBlock: 0 },
        },
        log,
      );
      await waitForCursor(database.db, { network: NETWORK, netuid: 14 }, chain.chain.head.number, 30_000);
      const targets = await database.db.select().from(submissions).where(eq(submissions.netuid, 14));
      expect(targets).toHaveLength(MINERS);

      // The chain keeps moving (a block every 60 ms, a new commitment every seventh block) and writers keep
      // posting runs while Postgres is crashed and restarted.
      let producing = true;
      let commits = 0;
      const producer = (async () => {
        while (producing) {
          if (chain.chain.pendingNumber % 7 === 0) {
            const i = MINERS + commits++;
            chain.commit({
              hotkey: miners[i % MINERS] as string,
              fields: [stringToU8a(JSON.stringify({ image: `docker.io/m${i}/qwen:v2`, digest: digest(i) }))],
            });
          }
          chain.newBlocks(1);
          await sleep(60);
        }
      })();
      const deps = { ...testDeps(database), now: () => new Date(), log };
      const accepted: string[] = [];
      let failedAttempts = 0;
      let writing = true;
      const writer = async (w: number) => {
        for (let i = 0; writing; i++) {
          const target = targets[(w + i) % targets.length] as (typeof targets)[number];
          const run = buildRun({
            validatorHotkey: validator.address,
            submission: {
              hotkey: target.hotkey,
              image: target.image,
              digest: target.digest,
              commitBlock: target.commitBlock,
            },
            seed: { block: target.commitBlock, blockHash: `0x${"cd".repeat(32)}` },
          });
          const outcome = await postRunUntilAccepted(
            deps,
            validator,
            new TextEncoder().encode(JSON.stringify(run)),
            {
              retryMs: 100,
            },
          );
          accepted.push(run.runId);
          failedAttempts += outcome.failedAttempts;
        }
      };
      const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));

      await sleep(1_500);
      const beforeCrash = accepted.length;
      await cluster.stop("immediate");
      await sleep(1_500);
      await cluster.start();
      // The chain endpoint drops and refuses new connections for a second; the runtime is upgraded meanwhile.
      proxy.refuse(true);
      proxy.cut();
      const spec = chain.runtimeUpgrade();
      await sleep(1_000);
      proxy.refuse(false);
      await sleep(1_000);
      await cluster.stop("fast");
      await sleep(1_000);
      await cluster.start();
      await sleep(2_000);
      producing = false;
      await producer;
      writing = false;
      await Promise.all(writers);

      const head = chain.chain.head;
      await waitForCursor(database.db, { network: NETWORK, netuid: 14 }, head.number, 30_000);
      await ingest.stop();
      expect(await getIngestCursor(database.db, { network: NETWORK, netuid: 14 })).toMatchObject({
        specVersion: spec,
        blockNumber: head.number,
        blockHash: head.hash,
      });

      // The faults hit both: the writers had to retry, and work went on after each restart.
      expect(beforeCrash).toBeGreaterThan(0);
      expect(failedAttempts).toBeGreaterThan(0);
      expect(commits).toBeGreaterThan(10);
      expect(logged.some((r) => r.msg === "ingest failed, retrying")).toBe(true);

      // Chain: row for row what a clean ingest of the same chain stores.
      const clean = await createDatabase(cluster, "clean");
      try {
        const cleanIngest = startChainIngest(
          clean,
          { endpoint: devnet.url, network: NETWORK, netuid: 14, ingest: { startBlock: 0 } },
          log,
        );
        await waitForCursor(clean.db, { network: NETWORK, netuid: 14 }, head.number, 30_000);
        await cleanIngest.stop();
        const expected = await tableSnapshot(clean);
        expect(expected.commitments.length).toBe(MINERS + commits);
        expect(await tableSnapshot(database)).toEqual(expected);
      } finally {
        await clean.close();
      }

      // API: every accepted run once, nothing else, and the validator's counter counted each once.
      const stored = await executeRows<{ run_id: string }>(database.db, sql`select run_id from runs`);
      expect(stored.map((r) => r.run_id).sort()).toEqual([...accepted].sort());
      const [counter] = await database.db
        .select()
        .from(validators)
        .where(eq(validators.hotkey, validator.address));
      expect(counter?.runsPosted).toBe(accepted.length);
    }, 120_000);
  },
);
