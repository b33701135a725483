import { u8aToHex } from "@polkadot/util";
import { decodeAddress, xxhashAsHex } from "@polkadot/util-crypto";
import { describe, expect, it } from "vitest";
import { decodeSelectiveMetagraph } from "@/lib/chain/selective-metagraph";
import { decodeUid } from "@/lib/chain/subnet";
import { loadFinney } from "@/lib/chain/test-support/finney";
import { createRuntimeView, decodeStorage, storageKeyArgs, storagePrefix } from "./runtime-view";

const finney = loadFinney();
const HOTKEY = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
const prefix = (pallet: string, item: string) => xxhashAsHex(pallet, 128) + xxhashAsHex(item, 128).slice(2);

// Everything ingest reads, by the names RuntimeView looks them up with, checked against real finney metadata.
const ITEMS: [string, string][] = [
  ["system", "events"],
  ["timestamp", "now"],
  ["commitments", "commitmentOf"],
  ["commitments", "revealedCommitments"],
  ["subtensorModule", "tempo"],
  ["subtensorModule", "uids"],
  ["subtensorModule", "keys"],
  ["subtensorModule", "blockAtRegistration"],
  ["subtensorModule", "owner"],
  ["subtensorModule", "totalHotkeyAlpha"],
  ["subtensorModule", "networksAdded"],
  ["subtensorModule", "subnetworkN"],
  ["subtensorModule", "subnetTAO"],
  ["subtensorModule", "subnetAlphaIn"],
  ["subtensorModule", "subnetMovingPrice"],
  ["subtensorModule", "validatorPermit"],
  ["subtensorModule", "incentive"],
  ["subtensorModule", "emission"],
];

describe.skipIf(finney === null)("RuntimeView on finney spec 424", () => {
  const view = finney && createRuntimeView("node-subtensor", 424, finney.registry, finney.metadata);
  const entry = (section: string, method: string) => {
    const found = view?.entry(section, method);
    if (!found) throw new Error(`no ${section}.${method}`);
    return found;
  };

  it("finds every storage item ingest reads, and null for one the runtime lacks", () => {
    for (const [section, method] of ITEMS)
      expect(view?.entry(section, method), `${section}.${method}`).not.toBeNull();
    expect(view?.entry("commitments", "noSuchItem")).toBeNull();
    expect(view?.entry("noSuchPallet", "events")).toBeNull();
  });

  it("finds the selective metagraph runtime API and its answer type", () => {
    const type = view?.callOutputType("SubnetInfoRuntimeApi", "get_selective_metagraph") ?? "";
    // Option<SelectiveMetagraph>: the answer for a subnet that does not exist decodes to null.
    expect(
      finney && decodeSelectiveMetagraph(finney.registry.createTypeUnsafe(type, [new Uint8Array([0])])),
    ).toBeNull();
    expect(view?.callOutputType("SubnetInfoRuntimeApi", "no_such_method")).toBeNull();
  });

  it("builds map keys with the runtime's hashers and reads the map keys back", () => {
    const commitmentOf = entry("commitments", "commitmentOf");
    const key = view?.key(commitmentOf, 14, HOTKEY) ?? "";
    expect(key.startsWith(prefix("Commitments", "CommitmentOf"))).toBe(true);
    // Identity(netuid) then Twox64Concat(account): the account's raw bytes close the key.
    expect(key.endsWith(u8aToHex(decodeAddress(HOTKEY)).slice(2))).toBe(true);
    expect(key.startsWith(storagePrefix(commitmentOf, 14))).toBe(true);
    const args = finney ? storageKeyArgs(finney.registry, commitmentOf, key) : [];
    expect(args.map((a) => a.toString())).toEqual(["14", HOTKEY]);
    expect(view?.key(commitmentOf, 14, HOTKEY)).toBe(key);
  });

  it("decodes an absent value as None for an optional item and as the default for the others", () => {
    const uids = view && decodeStorage(view, entry("subtensorModule", "uids"), null);
    expect(uids && decodeUid(uids)).toBeNull();
    const tempo = view && decodeStorage(view, entry("subtensorModule", "tempo"), null);
    expect(Number(tempo?.toString())).toBeGreaterThan(0);
    const present = view && decodeStorage(view, entry("subtensorModule", "uids"), "0x0700");
    expect(present && decodeUid(present)).toBe(7);
  });
});
