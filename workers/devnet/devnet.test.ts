import { ApiPromise, Keyring, WsProvider } from "@polkadot/api";
import { u8aToString } from "@polkadot/util";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeCommitmentRegistration } from "@/lib/chain/commitment";
import { decodeSubnetEvents } from "@/lib/chain/events";
import { decodeRevealedCommitments } from "@/lib/chain/revealed-commitments";
import { METAGRAPH_INDEX, decodeSelectiveMetagraph } from "@/lib/chain/selective-metagraph";
import { decodeAccount, decodeU16Vector, decodeU64Vector, decodeUid } from "@/lib/chain/subnet";
import { devClient, type DevClient } from "./client";
import { startDevnet, type RunningDevnet } from "./server";

const NETUID = 14;

// Without api-augment for subtensor, every pallet and item is an index lookup that may be undefined.
function storage(api: { query: ApiPromise["query"] }, section: string, method: string) {
  const entry = api.query[section]?.[method];
  if (!entry) throw new Error(`the devnet metadata has no storage item ${section}.${method}`);
  return entry;
}
const PLAIN = JSON.stringify({ image: "docker.io/alice/fast-qwen:v3", digest: `sha256:${"ab".repeat(32)}` });
const LONG = JSON.stringify({
  image: `ghcr.io/${"x".repeat(120)}/qwen:v1`,
  digest: `sha256:${"cd".repeat(32)}`,
});
const SECRET = JSON.stringify({ image: "docker.io/dave/kv:v2", digest: `sha256:${"ef".repeat(32)}` });

describe("startDevnet with @polkadot/api", () => {
  let running: RunningDevnet;
  let api: ApiPromise;
  let provider: WsProvider;
  let dev: DevClient;
  let keys: Record<"validator" | "miner1" | "miner2" | "miner3" | "late" | "coldkey", string>;
  const finalized: number[] = [];
  let unsubscribe: () => void = () => undefined;

  beforeAll(async () => {
    await cryptoWaitReady();
    const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
    const address = (uri: string) => keyring.addFromUri(uri).address;
    keys = {
      validator: address("//Validator"),
      miner1: address("//Miner1"),
      miner2: address("//Miner2"),
      miner3: address("//Miner3"),
      late: address("//Late"),
      coldkey: address("//Alice"),
    };
    running = await startDevnet({ tempo: 10, maxUids: 4, immunityPeriod: 0, genesisTime: 1_750_000_000_000 });
    provider = new WsProvider(running.url);
    api = await ApiPromise.create({ provider, noInitWarn: true });
    dev = devClient(provider);
    unsubscribe = await api.rpc.chain.subscribeFinalizedHeads((h) => {
      finalized.push(h.number.toNumber());
    });
  });

  afterAll(async () => {
    unsubscribe();
    await api?.disconnect();
    await running?.stop();
  });

  it("connects with the devnet's runtime version, chain properties and metadata", async () => {
    expect(api.runtimeVersion.specName.toString()).toBe("node-subtensor");
    expect(api.runtimeVersion.specVersion.toNumber()).toBe(424);
    expect(api.registry.chainSS58).toBe(42);
    expect(api.registry.chainDecimals).toEqual([9]);
    expect((await api.rpc.system.chain()).toString()).toBe("Cacheon Devnet");
    expect(storage(api, "commitments", "commitmentOf")).toBeDefined();
  });

  it("serves registrations, commitments and their events at the block that included them", async () => {
    const uids = [];
    for (const hotkey of [keys.validator, keys.miner1, keys.miner2, keys.miner3]) {
      uids.push(await dev.registerNeuron({ hotkey, coldkey: keys.coldkey }));
    }
    expect(uids).toEqual([0, 1, 2, 3]);
    await dev.commit({ hotkey: keys.miner1, text: PLAIN });
    await dev.commit({ hotkey: keys.miner2, text: LONG });
    const { revealBlock } = await dev.commitTimelocked({
      hotkey: keys.miner3,
      text: SECRET,
      revealInBlocks: 3,
    });
    const hash = await dev.newBlock();
    const block = { hash, number: (await api.rpc.chain.getHeader(hash)).number.toNumber() };
    expect(revealBlock).toBe(block.number + 3);

    const hotkeys = await storage(api, "subtensorModule", "keys").entries(NETUID);
    const byUid = new Map(hotkeys.map(([k, v]) => [Number(k.args[1]?.toString()), decodeAccount(v)]));
    expect(byUid.get(2)).toBe(keys.miner2);
    expect(decodeUid(await storage(api, "subtensorModule", "uids")(NETUID, keys.miner1))).toBe(1);

    const commitments = new Map(
      (await storage(api, "commitments", "commitmentOf").entries(NETUID)).map(([k, v]) => [
        k.args[1]?.toString(),
        decodeCommitmentRegistration(v),
      ]),
    );
    expect(commitments.get(keys.miner1)?.fields.map((f) => u8aToString(f))).toEqual([PLAIN]);
    expect(commitments.get(keys.miner1)?.block).toBe(block.number);
    expect(commitments.get(keys.miner2)?.fields.map((f) => u8aToString(f))).toEqual([LONG]);
    expect(commitments.get(keys.miner3)?.entries[0]?.kind).toBe("timelocked");

    const events = decodeSubnetEvents(await storage(await api.at(block.hash), "system", "events")());
    const registered = events.flatMap((e) => (e.kind === "neuron-registered" ? [e.uid] : []));
    expect(registered).toEqual([0, 1, 2, 3]);
    expect(events.filter((e) => e.kind === "commitment")).toHaveLength(2);
    expect(events.some((e) => e.kind === "timelock-commitment" && e.who === keys.miner3)).toBe(true);
  });

  it("pays the epoch's emission to the weighted miner and the permitted validator, keeping old blocks readable", async () => {
    const before = await dev.newBlock();
    await dev.setValidatorPermit({ uid: 0, permit: true });
    await dev.setStake({ hotkey: keys.validator, alpha: 1_000_000_000_000n });
    const epoch = await dev.advanceEpoch({ weights: { 1: 1 } });

    const emission = decodeU64Vector(await storage(api, "subtensorModule", "emission")(NETUID));
    expect(emission[1]).toBeGreaterThan(0n);
    expect(emission[0]).toBeGreaterThan(0n);
    expect(emission[2]).toBe(0n);
    expect(decodeU16Vector(await storage(api, "subtensorModule", "incentive")(NETUID))[1]).toBe(65_535);
    const old = await api.at(before);
    expect(decodeU64Vector(await storage(old, "subtensorModule", "emission")(NETUID))).toEqual([
      0n,
      0n,
      0n,
      0n,
    ]);

    const getSelectiveMetagraph = api.call.subnetInfoRuntimeApi?.getSelectiveMetagraph;
    if (!getSelectiveMetagraph) throw new Error("the devnet metadata declares no selective metagraph API");
    const metagraph = decodeSelectiveMetagraph(
      await getSelectiveMetagraph(NETUID, Object.values(METAGRAPH_INDEX)),
    );
    expect(metagraph?.block).toBe(epoch.number);
    expect(metagraph?.hotkeys).toEqual([keys.validator, keys.miner1, keys.miner2, keys.miner3]);
    expect(metagraph?.emission).toEqual(emission);
    expect(metagraph?.validatorPermit).toEqual([true, false, false, false]);
    expect(metagraph?.alphaStake?.[0]).toBe(1_000_000_000_000n);
  });

  it("moves the miners' emission to the UID set_weights names, without sealing a block (the demo's weights)", async () => {
    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    running.devnet.setWeights({ weights: { 3: 1 } });
    expect(running.devnet.chain.head.number).toBe(head);
    await dev.advanceEpoch();
    const emission = decodeU64Vector(await storage(api, "subtensorModule", "emission")(NETUID));
    expect(emission[3]).toBeGreaterThan(0n);
    expect(emission[1]).toBe(0n);
    // Back to UID 1, as the next tests expect (UID 2 is then the lowest-emission one, recycled first).
    running.devnet.setWeights({ weights: { 1: 1 } });
    await dev.advanceEpoch();
  });

  it("reveals a timelocked commitment into RevealedCommitments with its reveal block", async () => {
    const revealed = decodeRevealedCommitments(
      await storage(api, "commitments", "revealedCommitments")(NETUID, keys.miner3),
    );
    expect(revealed).toHaveLength(1);
    expect(u8aToString(revealed[0]?.text)).toBe(SECRET);
    expect(revealed[0]?.lengthPrefixed).toBe(true);
    expect(
      decodeCommitmentRegistration(await storage(api, "commitments", "commitmentOf")(NETUID, keys.miner3)),
    ).toBeNull();
  });

  it("recycles a UID when the subnet is full and when a neuron is replaced", async () => {
    const uid = await dev.registerNeuron({ hotkey: keys.late, coldkey: keys.coldkey });
    await dev.newBlock();
    expect(uid).toBe(2);
    expect(decodeUid(await storage(api, "subtensorModule", "uids")(NETUID, keys.miner2))).toBeNull();
    expect(decodeAccount(await storage(api, "subtensorModule", "keys")(NETUID, 2))).toBe(keys.late);

    expect(await dev.replaceNeuron({ uid: 3, hotkey: keys.miner2, coldkey: keys.coldkey })).toBe(keys.miner3);
    await dev.newBlock();
    expect(decodeUid(await storage(api, "subtensorModule", "uids")(NETUID, keys.miner2))).toBe(3);
  });

  it("announces a runtime upgrade and still reads blocks of the old runtime", async () => {
    const oldHash = (await api.rpc.chain.getBlockHash(1)).toHex();
    expect(await dev.runtimeUpgrade()).toBe(425);
    await dev.newBlock();
    await expect.poll(() => api.runtimeVersion.specVersion.toNumber()).toBe(425);
    const old = await api.at(oldHash);
    expect(old.runtimeVersion.specVersion.toNumber()).toBe(424);
    expect((await storage(old, "system", "number")()).toString()).toBe("1");
  });

  it("notifies storage subscribers of changed values", async () => {
    const numbers: number[] = [];
    const subscribe = storage(api, "system", "number");
    // With a callback the query resolves to an unsubscribe function (the untyped entry cannot say so).
    const unsub: unknown = await subscribe((n: { toString(): string }) => {
      numbers.push(Number(n.toString()));
    });
    const head = (await api.rpc.chain.getHeader(await dev.newBlock())).number.toNumber();
    await expect.poll(() => numbers.at(-1)).toBe(head);
    if (typeof unsub === "function") unsub();
  });

  it("notifies finalized heads in order up to the best block", async () => {
    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    await expect.poll(() => finalized.at(-1)).toBe(head);
    expect(finalized).toEqual([...finalized].sort((a, b) => a - b));
  });

  it("answers unknown methods and bad dev requests with JSON-RPC errors", async () => {
    await expect(provider.send("foo_bar", [])).rejects.toThrow(/-32601/);
    await expect(dev.registerNeuron({ hotkey: "not-an-address", coldkey: keys.coldkey })).rejects.toThrow(
      /-32602.*hotkey/,
    );
    await expect(dev.commit({ hotkey: keys.late.replace(/.$/, "x"), text: "x" })).rejects.toThrow(/-32602/);
  });

  it("keeps the commit text bytes of non-UTF-8 commitments", async () => {
    await dev.commit({ hotkey: keys.late, text: { hex: "0xff00fe" } });
    await dev.newBlock();
    const reg = decodeCommitmentRegistration(
      await storage(api, "commitments", "commitmentOf")(NETUID, keys.late),
    );
    expect(reg?.fields).toEqual([new Uint8Array([0xff, 0x00, 0xfe])]);
  });
});
