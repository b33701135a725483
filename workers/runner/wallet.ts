import { readFile } from "node:fs/promises";
import path from "node:path";

import { ristretto255 } from "@noble/curves/ed25519";
import { bytesToNumberLE } from "@noble/curves/utils";
import { Keyring } from "@polkadot/keyring";
import type { KeyringPair } from "@polkadot/keyring/types";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { z } from "zod";

// The validator's hotkey, from a bittensor wallet on disk or a dev URI. The runner signs every write with
// it, so it must be readable without a password: bittensor writes hotkeys unencrypted by default.

export type HotkeySource =
  | { readonly kind: "wallet"; readonly walletsDir: string; readonly wallet: string; readonly hotkey: string }
  | { readonly kind: "uri"; readonly uri: string };

export class WalletError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WalletError";
  }
}

export function hotkeyPath(source: Extract<HotkeySource, { kind: "wallet" }>): string {
  return path.join(source.walletsDir, source.wallet, "hotkeys", source.hotkey);
}

// bittensor's keyfile.py markers: NaCl secretbox (current), ansible-vault and Fernet (both legacy).
const ENCRYPTED_MARKERS: readonly [string, string][] = [
  ["$NACL", "NaCl"],
  ["$ANSIBLE_VAULT", "ansible-vault"],
  ["gAAAAA", "legacy Fernet"],
];

// bittensor-wallet writes every field it has and, in some versions, `null` for the ones it has not; a keyfile
// made from a private key alone holds `privateKey` and no seed or phrase. Absent and null mean the same.
const absent = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined);
const keyfileSchema = z.object({
  secretPhrase: absent(z.string().min(1)),
  secretSeed: absent(z.string().regex(/^0x[0-9a-fA-F]{64}$/, "expected 0x + 64 hex")),
  privateKey: absent(z.string().regex(/^(0x)?[0-9a-fA-F]{128}$/, "expected 0x + 128 hex")),
  ss58Address: absent(z.string()),
  publicKey: absent(z.string()),
  accountId: absent(z.string()),
});

/**
 * The key pair of bittensor's `privateKey`: schnorrkel's 64-byte secret key as `SecretKey::to_bytes` writes it
 * (the scalar, then the nonce; sp_core's `Pair::to_raw_vec`). polkadot.js signs with the same key in its
 * ed25519-compatible form, the scalar multiplied by the cofactor 8, so the scalar's bytes are shifted left by
 * three bits before the pair is made; the public key is the scalar times the ristretto255 base point.
 */
export function pairFromPrivateKey(privateKeyHex: string): KeyringPair {
  const secret = Buffer.from(privateKeyHex.replace(/^0x/, ""), "hex");
  const publicKey = ristretto255.Point.BASE.multiply(bytesToNumberLE(secret.subarray(0, 32))).toBytes();
  const secretKey = Uint8Array.from(secret);
  let carry = 0;
  for (let i = 0; i < 32; i++) {
    const byte = secretKey[i] as number;
    secretKey[i] = ((byte << 3) & 0xff) | carry;
    carry = byte >> 5;
  }
  return new Keyring({ type: "sr25519", ss58Format: 42 }).addFromPair({ publicKey, secretKey });
}

/** The key pair described by a keyfile's bytes; `where` names the file in errors. */
export function pairFromKeyfile(bytes: Buffer, where: string): KeyringPair {
  const text = bytes.toString("utf8").trimStart();
  const encrypted = (format: string) =>
    new WalletError(
      `the hotkey keyfile ${where} is encrypted (${format}); the runner signs unattended and needs an ` +
        `unencrypted hotkey. Regenerate it without a password, e.g. \`btcli wallet regen-hotkey ` +
        `--wallet.name <wallet> --wallet.hotkey <hotkey> --no-use-password\` from its mnemonic, or pass ` +
        `--dev-uri with a secret URI (RUNNER_DEV_URI) instead.`,
    );
  for (const [marker, format] of ENCRYPTED_MARKERS) if (text.startsWith(marker)) throw encrypted(format);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Unencrypted bittensor keyfiles are always JSON: anything else is an encrypted (or damaged) one.
    throw encrypted("not JSON, so an encrypted or damaged format");
  }
  const parsed = keyfileSchema.safeParse(json);
  if (!parsed.success)
    throw new WalletError(`the hotkey keyfile ${where} is malformed: ${parsed.error.message}`);
  const { secretSeed, secretPhrase, privateKey, ss58Address } = parsed.data;
  // bittensor's own order: the phrase (through the same mnemonic-to-mini-secret), then the seed, then the
  // private key.
  const secret = secretPhrase ?? secretSeed;
  let pair: KeyringPair;
  if (secret !== undefined) pair = new Keyring({ type: "sr25519", ss58Format: 42 }).addFromUri(secret);
  else if (privateKey !== undefined) pair = pairFromPrivateKey(privateKey);
  else {
    throw new WalletError(
      `the keyfile ${where} holds no secretPhrase, secretSeed or privateKey (a public key only, like ` +
        `coldkeypub.txt)`,
    );
  }
  if (ss58Address !== undefined && ss58Address !== pair.address) {
    throw new WalletError(
      `the keyfile ${where} says ss58Address ${ss58Address}, but its secret derives ${pair.address}`,
    );
  }
  return pair;
}

/** Loads the hotkey (awaiting the sr25519 WASM first). Throws WalletError with what to do about it. */
export async function loadHotkey(source: HotkeySource): Promise<KeyringPair> {
  await cryptoWaitReady();
  if (source.kind === "uri") {
    try {
      return new Keyring({ type: "sr25519", ss58Format: 42 }).addFromUri(source.uri);
    } catch (error) {
      throw new WalletError(`--dev-uri is not a valid secret URI: ${(error as Error).message}`);
    }
  }
  const file = hotkeyPath(source);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new WalletError(
      `cannot read the hotkey keyfile ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)}): ` +
        `check --wallet, --hotkey and --wallets-dir`,
    );
  }
  return pairFromKeyfile(bytes, file);
}
