// Chain ingest on the real spec-218 runtime (older than finney: one commitment field, no RevealedCommitments,
// no selective metagraph runtime API), run by chopsticks. The subnet is written with dev_setStorage, so no
// events announce it: what lands comes from the start-up scan, the storage-read snapshots and the epoch scan.
// The epochs it must find are the ones the runtime itself ran, read from its own storage after each block
// (spec 218's run_coinbase writes LastMechansimStepBlock[netuid] = block when the subnet's epoch runs).
import { ApiPromise, WsProvider } from "@polkadot/api";
import { Keyring } from "@polkadot/keyring";
import { stringToHex } from "@polkadot/util";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/db/client";
import { subscribeChanges, type Change } from "@/db/notify";
import { getIngestCursor } from "@/db/queries/chain";
import { commitments, metagraphNeurons, metagraphSnapshots, submissions } from "@/db/schema";
import { describeEachDatabase, openTestDatabase } from "@/db/test-support/databases";
import { createLogger } from "@/lib/log";
import { startChainIngest } from "./start";
import { spec218ChainSpec, startChopsticks, type RunningChopsticks } from "./test-support/chopsticks";
import { waitForCursor } from "./test-support/wait";

const chainSpec = spec218ChainSpec();
const NETUID = 14;
const digest = `sha256:${"ab".repeat(32)}`;
const first = JSON.stringify({ image: "docker.io/alice/q:v1", digest });
const second = JSON.stringify({ image: "docker.io/alice/other:v1", digest: `sha256:${"cd".repeat(32)}` });
const bare = `ghcr.io/bob/turbo@${digest}`;
const raw = (text: string) => ({ [`Raw${text.length}`]: stringToHex(text) });

describe.skipIf(chainSpec === null)("chain ingest on the spec-218 runtime (chopsticks)", () => {
  let chopsticks: RunningChopsticks;
  let provider: WsProvider;
  let key: Record<"validator" | "m1" | "m2" | "m3" | "cold", string>;
  let startBlock: number;
  let replacedAt: number;
  let head: number;
  // Blocks in which the runtime ran netuid 14's epoch, as its own storage says.
  const ranEpochs: number[] = [];

  beforeAll(async () => {
    await cryptoWaitReady();
    const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
    const account = (uri: string) => keyring.addFromUri(uri).address;
    key = {
      validator: account("//Validator"),
      m1: account("//Miner1"),
      m2: account("//Miner2"),
      m3: account("//Miner3"),
      cold: account("//Alice"),
    };
    chopsticks = await startChopsticks(chainSpec ?? "");
    provider = new WsProvider(chopsticks.url);
    await provider.isReady;
    const setStorage = (values: object) => provider.send("dev_setStorage", [values]);
    const newBlocks = async (count: number) => {
      await provider.send("dev_newBlock", [{ count }]);
      const header = await provider.send<{ number: string }>("chain_getHeader", []);
      return Number(header.number);
    };
    const at = await newBlocks(1);
    const hotkeys = [key.validator, key.m1, key.m2];
    // Tempo 4: spec 218 runs netuid 14's epoch where blocks_until_next_epoch is 0, (block + 15) % 5 == 4.
    await setStorage({
      SubtensorModule: {
        NetworksAdded: [[[NETUID], true]],
        Tempo: [[[NETUID], 4]],
        SubnetworkN: [[[NETUID], 3]],
        SubnetTAO: [[[NETUID], 5_000_000_000_000]],
        SubnetAlphaIn: [[[NETUID], 1_000_000_000_000_000]],
        Keys: hotkeys.map((h, uid) => [[NETUID, uid], h]),
        Uids: hotkeys.map((h, uid) => [[NETUID, h], uid]),
        BlockAtRegistration: hotkeys.map((_, uid) => [[NETUID, uid], at]),
        Owner: hotkeys.map((h) => [[h], key.cold]),
        TotalHotkeyAlpha: [[[key.validator, NETUID], 1_000_000_000_000]],
        ValidatorPermit: [[[NETUID], [true, false, false]]],
      },
      Commitments: {
        CommitmentOf: [
          [[NETUID, key.m1], { deposit: 0, block: at, info: { fields: [raw(first)] } }],
          [[NETUID, key.m2], { deposit: 0, block: at, info: { fields: [raw(bare)] } }],
        ],
      },
    });
    startBlock = await newBlocks(1);
    replacedAt = await newBlocks(1);
    // Miner2's UID goes to Miner3, and Miner1 commits again: no events, so only the epoch shows either.
    await setStorage({
      SubtensorModule: {
        Keys: [[[NETUID, 2], key.m3]],
        Uids: [
          [[NETUID, key.m3], 2],
          [[NETUID, key.m2], null],
        ],
        BlockAtRegistration: [[[NETUID, 2], replacedAt]],
        Owner: [[[key.m3], key.cold]],
      },
      Commitments: {
        CommitmentOf: [
          [[NETUID, key.m1], { deposit: 0, block: replacedAt, info: { fields: [raw(second)] } }],
        ],
      },
    });
    head = await newBlocks(8);
    const api = await ApiPromise.create({ provider, noInitWarn: true });
    for (let block = 1; block <= head; block++) {
      const at = await api.at(await api.rpc.chain.getBlockHash(block));
      const item = at.query.subtensorModule?.lastMechansimStepBlock;
      if (!item) throw new Error("spec 218 has no LastMechansimStepBlock");
      const last = await item(NETUID);
      if (Number(last.toString()) === block) ranEpochs.push(block);
    }
  }, 180_000);

  afterAll(async () => {
    await provider?.disconnect();
    await chopsticks?.close();
  });

  describeEachDatabase("what lands in the database", (driver) => {
    let database: Database;
    let unlisten: () => Promise<void> = async () => undefined;
    const changes: Change[] = [];

    beforeAll(async () => {
      database = await openTestDatabase(driver);
      // Listening until the end: notifications arrive after their transaction, not with it.
      unlisten = await subscribeChanges(database, (change) => changes.push(change));
      const running = startChainIngest(
        database,
        { endpoint: chopsticks.url, network: "raonet", netuid: NETUID, ingest: { startBlock } },
        createLogger({ test: "chopsticks" }, "warn"),
      );
      try {
        await waitForCursor(database.db, { network: "raonet", netuid: NETUID }, head, 60_000);
      } finally {
        await running.stop();
      }
    }, 120_000);

    afterAll(async () => {
      await unlisten();
      await database?.close();
    });

    const snapshot = async (block: number) => {
      const [s] = await database.db
        .select()
        .from(metagraphSnapshots)
        .where(eq(metagraphSnapshots.blockNumber, block));
      const neurons = s
        ? await database.db
            .select()
            .from(metagraphNeurons)
            .where(eq(metagraphNeurons.snapshotId, s.id))
            .orderBy(asc(metagraphNeurons.uid))
        : [];
      return { s, neurons };
    };

    it("follows every block with the spec-218 runtime", async () => {
      expect(await getIngestCursor(database.db, { network: "raonet", netuid: NETUID })).toMatchObject({
        blockNumber: head,
        specVersion: 218,
      });
    });

    it("snapshots the subnet from storage at the start block", async () => {
      const { s, neurons } = await snapshot(startBlock);
      // An epoch the runtime ran in that very block takes precedence over the start snapshot.
      const kind = ranEpochs.includes(startBlock) ? "epoch" : "start";
      expect(s).toMatchObject({
        kind,
        tempo: 4,
        neuronCount: 3,
        alphaPriceTao: 0.005,
        priceSource: "reserves",
      });
      expect(neurons.map((n) => n.hotkey)).toEqual([key.validator, key.m1, key.m2]);
      expect(neurons[0]).toMatchObject({
        coldkey: key.cold,
        validatorPermit: true,
        stakeRao: 1_000_000_000_000n,
      });
    });

    it("finds the commitments present at start-up and makes them submissions", async () => {
      const rows = await database.db.select().from(submissions).orderBy(asc(submissions.hotkey));
      expect(rows.map((r) => [r.hotkey, r.pullRef, r.commitBlock])).toEqual(
        [
          [key.m1, `docker.io/alice/q@${digest}`, startBlock - 1],
          [key.m2, `ghcr.io/bob/turbo@${digest}`, startBlock - 1],
        ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      );
    });

    it("snapshots exactly the epochs the runtime ran, each once", async () => {
      // The runtime's own answer is not what either formula predicts (#4 and #9 by blocks_until_next_epoch,
      // #5 and #10 by the rule this explorer once used): only its state tells.
      expect(ranEpochs.length).toBeGreaterThan(0);
      expect(ranEpochs).not.toEqual([4, 9]);
      const stored = await database.db
        .select({ block: metagraphSnapshots.blockNumber })
        .from(metagraphSnapshots)
        .where(eq(metagraphSnapshots.kind, "epoch"))
        .orderBy(asc(metagraphSnapshots.blockNumber));
      expect(stored.map((r) => r.block)).toEqual(ranEpochs.filter((b) => b >= startBlock));
    });

    it("catches a commitment and a deregistration that made no event at the next epoch", async () => {
      // The first epoch the runtime ran once the replacement was in its state.
      const epoch = ranEpochs.find((b) => b >= replacedAt) ?? -1;
      const { s, neurons } = await snapshot(epoch);
      expect(s).toMatchObject({ kind: "epoch" });
      expect(neurons[2]).toMatchObject({ hotkey: key.m3 });
      const m1 = await database.db
        .select()
        .from(commitments)
        .where(eq(commitments.hotkey, key.m1))
        .orderBy(asc(commitments.commitBlock));
      expect(m1.map((c) => [c.disposition, c.observedBlock])).toEqual([
        ["submission", startBlock],
        ["ignored", epoch],
      ]);
      await vi.waitFor(() =>
        expect(changes).toContainEqual({ type: "block", blockNumber: epoch, epoch: true, deregistered: [2] }),
      );
    });
  });
});
