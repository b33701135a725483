import { randomBytes } from "node:crypto";
import { ed25519 } from "@noble/curves/ed25519";
import { numberToBytesLE } from "@noble/curves/utils";
import { Keyring } from "@polkadot/keyring";
import { u8aToHex } from "@polkadot/util";
import { encodeAddress } from "@polkadot/util-crypto";
import { sr25519_verify as sr25519Verify } from "@polkadot-labs/schnorrkel-wasm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";

import {
  ensureCryptoReady,
  isRistrettoPoint,
  isSchnorrkelEncoding,
  signEpistula,
  verifyEpistula,
} from "./epistula";

// The WASM sr25519 verifier panics on a key or signature it cannot decode, and each panic corrupts its memory
// a little: after about 1,200 every verification fails, valid ones included. These tests run in a file of
// their own (Vitest gives each file a fresh module), because the first one panics it on purpose, a few
// hundred times at most, to check that the guards refuse exactly what it cannot decode.

const NOW = 1_780_000_000_000;
const FOR = "cacheon-explorer";
const BODY = new TextEncoder().encode('{"schema":"cacheon.run.v1"}');
const GROUP_ORDER = ed25519.CURVE.n;
let alice: ReturnType<Keyring["addFromUri"]>;

beforeAll(async () => {
  await ensureCryptoReady();
  alice = new Keyring({ type: "sr25519", ss58Format: 42 }).addFromUri("//Alice");
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** A 64-byte signature: alice's R, this scalar as s, the marker bit as given. */
function signatureWith(s: bigint, marked = true): Uint8Array {
  const signature = new Uint8Array(64);
  signature.set(alice.sign(new Uint8Array([1])).subarray(0, 32));
  signature.set(numberToBytesLE(s, 32), 32);
  if (marked) signature[63] = (signature[63] as number) | 0x80;
  return signature;
}

/** Whether the WASM verifier panics (throws) on these inputs. */
function wasmRefuses(publicKey: Uint8Array, signature: Uint8Array): boolean {
  try {
    sr25519Verify(publicKey, new Uint8Array([1]), signature);
    return false;
  } catch {
    return true;
  }
}

describe("the guards in front of the WASM sr25519 verifier", () => {
  it("refuse exactly the keys and signatures it cannot decode", () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const scalars = [
      0n,
      1n,
      GROUP_ORDER - 1n,
      GROUP_ORDER,
      GROUP_ORDER + 1n,
      2n ** 252n - 1n,
      2n ** 255n - 1n,
      ...Array.from({ length: 40 }, (_, i) => GROUP_ORDER + BigInt(i - 20) * 2n ** 200n),
      ...Array.from({ length: 40 }, () => BigInt(u8aToHex(randomBytes(32))) & (2n ** 255n - 1n)),
    ];
    for (const s of scalars) {
      for (const marked of [true, false]) {
        const signature = signatureWith(s, marked);
        expect(isSchnorrkelEncoding(signature), `s = ${s}, marked ${marked}`).toBe(
          !wasmRefuses(alice.publicKey, signature),
        );
      }
    }
    const keys = [
      alice.publicKey,
      new Uint8Array(32),
      new Uint8Array(32).fill(255),
      ...Array.from({ length: 60 }, () => new Uint8Array(randomBytes(32))),
    ];
    const decodable = signatureWith(1n);
    for (const key of keys) expect(isRistrettoPoint(key), u8aToHex(key)).toBe(!wasmRefuses(key, decodable));
  });
});

describe("verifyEpistula under a flood of undecodable signatures and keys", () => {
  it("still verifies a good signature afterwards, and never lets the verifier panic", () => {
    const panics = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const good = signEpistula(alice, BODY, NOW, FOR, "3f0c8a4e-2b1d-4c5e-9f6a-7b8c9d0e1f2a");
    const notAPoint = encodeAddress(new Uint8Array(32).fill(255), 42);
    // Unguarded, the verifier stops working after about 1,200 of these.
    for (let i = 0; i < 2_000; i++) {
      const headers = { ...good };
      if (i % 2 === 0) {
        const unmarked = signatureWith(BigInt(i));
        unmarked[63] = (unmarked[63] as number) & 0x7f;
        headers["epistula-request-signature"] = u8aToHex(unmarked);
      } else {
        headers["epistula-signed-by"] = notAPoint;
      }
      const verdict = verifyEpistula({ headers, rawBody: BODY, nowMs: NOW, signedFor: FOR });
      expect(verdict.ok).toBe(false);
    }
    expect(verifyEpistula({ headers: good, rawBody: BODY, nowMs: NOW, signedFor: FOR })).toMatchObject({
      ok: true,
      hotkey: alice.address,
    });
    expect(panics).not.toHaveBeenCalled();
  });
});
