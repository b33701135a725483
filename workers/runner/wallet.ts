import { readFile } from "node:fs/promises";
import path from "node:path";

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

const keyfileSchema = z.object({
  secretPhrase: z.string().min(1).optional(),
  secretSeed: z
    .string()
    .regex(/^0x[0-9a-fA-F]{64}$/, "expected 0x + 64 hex")
    .optional(),
  ss58Address: z.string().optional(),
  publicKey: z.string().optional(),
  accountId: z.string().optional(),
});

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
  const { secretSeed, secretPhrase, ss58Address } = parsed.data;
  // The seed is used as is; the phrase goes through the same mnemonic-to-mini-secret as bittensor's.
  const secret = secretSeed ?? secretPhrase;
  if (secret === undefined) {
    throw new WalletError(
      `the keyfile ${where} holds no secretSeed or secretPhrase (a public key only, like coldkeypub.txt)`,
    );
  }
  const pair = new Keyring({ type: "sr25519", ss58Format: 42 }).addFromUri(secret);
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
