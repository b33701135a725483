import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { Keyring } from "@polkadot/keyring";
import { u8aToHex } from "@polkadot/util";
import {
  cryptoWaitReady,
  mnemonicGenerate,
  mnemonicToMiniSecret,
  signatureVerify,
} from "@polkadot/util-crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { loadHotkey, pairFromKeyfile, WalletError } from "./wallet";

const PRIVATE_KEY_VECTOR = {
  privateKey:
    "0x1f1995bdf3a17b60626a26cfe6f564b337d46056b7a1281b64c649d592ccda0a" +
    "9cffd34d9fb01cae1fba61aeed184c817442a2186d5172416729a4b54dd4b84e",
  publicKey: "0xe4359ad3e2716c539a1d663ebd0a51bdc5c98a12e663bb4c4402db47828c9446",
  address: "5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX",
};

let walletsDir: string;
let phrase: string;
let address: string;

async function writeHotkey(name: string, content: string | object): Promise<void> {
  const dir = path.join(walletsDir, "validator", "hotkeys");
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, name), typeof content === "string" ? content : JSON.stringify(content));
}
const load = (hotkey: string) => loadHotkey({ kind: "wallet", walletsDir, wallet: "validator", hotkey });

beforeAll(async () => {
  await cryptoWaitReady();
  walletsDir = await mkdtemp(path.join(os.tmpdir(), "wallets-"));
  phrase = mnemonicGenerate(12);
  const pair = new Keyring({ type: "sr25519", ss58Format: 42 }).addFromUri(phrase);
  address = pair.address;
  // The layout bittensor's keyfile writes for an unencrypted hotkey.
  await writeHotkey("default", {
    accountId: u8aToHex(pair.publicKey),
    publicKey: u8aToHex(pair.publicKey),
    secretPhrase: phrase,
    secretSeed: u8aToHex(mnemonicToMiniSecret(phrase)),
    ss58Address: address,
  });
  await writeHotkey("phrase-only", { secretPhrase: phrase, ss58Address: address });
  // Older bittensor versions write null for the fields a key pair does not have.
  await writeHotkey("nulls", {
    accountId: u8aToHex(pair.publicKey),
    publicKey: u8aToHex(pair.publicKey),
    privateKey: null,
    secretPhrase: null,
    secretSeed: u8aToHex(mnemonicToMiniSecret(phrase)),
    ss58Address: address,
  });
  // A key pair bittensor made from a private key alone: btwallet's own test vector
  // (tests/test_keyfile.py, test_create_keypair_from_private_key), public key 0xe4359ad3….
  await writeHotkey("private-key-only", {
    accountId: PRIVATE_KEY_VECTOR.publicKey,
    publicKey: PRIVATE_KEY_VECTOR.publicKey,
    privateKey: PRIVATE_KEY_VECTOR.privateKey,
    secretPhrase: null,
    secretSeed: null,
    ss58Address: PRIVATE_KEY_VECTOR.address,
  });
  await writeHotkey("nacl", "$NACL\x00\x01binary");
  await writeHotkey("vault", "$ANSIBLE_VAULT;1.1;AES256\n3832...");
  await writeHotkey("pub-only", { ss58Address: address, publicKey: u8aToHex(pair.publicKey) });
  await writeHotkey("mismatch", {
    secretPhrase: phrase,
    ss58Address: "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty",
  });
});
afterAll(() => rm(walletsDir, { recursive: true, force: true }));

describe("loadHotkey", () => {
  it("loads a bittensor JSON keyfile by its seed and checks the address", async () => {
    expect((await load("default")).address).toBe(address);
  });

  it("derives the same key from the mnemonic alone", async () => {
    expect((await load("phrase-only")).address).toBe(address);
  });

  it("reads a keyfile whose absent fields are null", async () => {
    expect((await load("nulls")).address).toBe(address);
  });

  it("signs with a keyfile that holds only bittensor's privateKey, verifiably", async () => {
    const pair = await load("private-key-only");
    expect(u8aToHex(pair.publicKey)).toBe(PRIVATE_KEY_VECTOR.publicKey);
    expect(pair.address).toBe(PRIVATE_KEY_VECTOR.address);
    // The same address with the secret in the wrong form would sign, but nothing it signed would verify.
    const signature = pair.sign("epistula message");
    expect(signatureVerify("epistula message", signature, pair.address).isValid).toBe(true);
  });

  it.each([
    ["nacl", /encrypted \(NaCl\).*--no-use-password/s],
    ["vault", /encrypted \(ansible-vault\)/],
    ["pub-only", /holds no secretPhrase, secretSeed or privateKey/],
    ["mismatch", /derives/],
    ["absent", /cannot read the hotkey keyfile .*absent.*ENOENT/],
  ])("explains what is wrong with the %s keyfile", async (name, message) => {
    const error = await load(name).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WalletError);
    expect((error as Error).message).toMatch(message);
  });

  it("signs with a dev URI", async () => {
    const pair = await loadHotkey({ kind: "uri", uri: "//Validator1" });
    expect(pair.address).toMatch(/^5/);
  });

  it("treats any other non-JSON keyfile as encrypted", () => {
    expect(() => pairFromKeyfile(Buffer.from("hello"), "f")).toThrow(/is encrypted \(not JSON/);
  });
});
