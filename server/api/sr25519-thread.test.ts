import { Keyring } from "@polkadot/keyring";
import { u8aToHex } from "@polkadot/util";
import { encodeAddress } from "@polkadot/util-crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import {
  ensureCryptoReady,
  epistulaMessage,
  sha256Hex,
  signEpistula,
  verifyEpistula,
  verifyEpistulaWith,
  type EpistulaRequest,
} from "@/lib/protocol/epistula";
import { createSr25519Thread } from "./sr25519-thread";

const NOW = 1_780_000_000_000;
const UUID = "3f0c8a4e-2b1d-4c5e-9f6a-7b8c9d0e1f2a";
const FOR = "cacheon-explorer";
const BODY = new TextEncoder().encode('{"schema":"cacheon.run.v1"}');
let alice: ReturnType<Keyring["addFromUri"]>;
let bob: ReturnType<Keyring["addFromUri"]>;
let aliceEd25519: ReturnType<Keyring["addFromUri"]>;
const thread = createSr25519Thread();

beforeAll(async () => {
  await ensureCryptoReady();
  alice = new Keyring({ type: "sr25519", ss58Format: 42 }).addFromUri("//Alice");
  bob = new Keyring({ type: "sr25519", ss58Format: 42 }).addFromUri("//Bob");
  aliceEd25519 = new Keyring({ type: "ed25519", ss58Format: 42 }).addFromUri("//Alice");
});

afterAll(() => thread.close());

/** A message alice signed, or (valid false) the same signature over another message. */
function check(i: number, valid: boolean) {
  const message = new TextEncoder().encode(epistulaMessage(sha256Hex(BODY), UUID, NOW + i, FOR));
  const signature = alice.sign(message);
  const checked = valid ? message : new TextEncoder().encode(`${i}`);
  return [alice.publicKey, checked, signature] as const;
}

describe("the sr25519 thread", () => {
  it("answers many checks asked for in one turn, each with its own verdict, in order", async () => {
    const expected = Array.from({ length: 40 }, (_, i) => i % 5 < 2);
    const verdicts = await Promise.all(expected.map((valid, i) => thread(...check(i, valid))));
    expect(verdicts).toEqual(expected);
  });

  it("answers checks asked for in later turns", async () => {
    expect(await thread(...check(1, true))).toBe(true);
    expect(await thread(...check(2, false))).toBe(false);
    expect(await thread(...check(3, true))).toBe(true);
  });

  it("fails the checks in flight when the thread dies, and starts a new one for the next", async () => {
    const own = createSr25519Thread();
    const inFlight = Promise.all(Array.from({ length: 1_000 }, (_, i) => own(...check(i, true))));
    await new Promise((resolve) => setImmediate(resolve)); // sent
    await own.close();
    await expect(inFlight).rejects.toThrow(/sr25519 thread exited/);
    expect(await own(...check(7, true))).toBe(true);
    await own.close();
  });
});

describe("verifyEpistulaWith the thread", () => {
  const request = (headers: Record<string, string | undefined>, rawBody = BODY): EpistulaRequest => ({
    headers,
    rawBody,
    nowMs: NOW,
    signedFor: FOR,
  });
  const good = () => signEpistula(alice, BODY, NOW, FOR, UUID);
  const unmarked = () => {
    const signature = alice.sign(new Uint8Array(1));
    signature[63] = (signature[63] as number) & 0x7f;
    return u8aToHex(signature);
  };
  const cases: [string, () => EpistulaRequest][] = [
    ["a good signature", () => request(good())],
    ["a flipped body", () => request(good(), new TextEncoder().encode('{"schema":"cacheon.run.v2"}'))],
    ["another key's signature", () => request({ ...good(), "epistula-signed-by": bob.address })],
    ["an ed25519 signature", () => request(signEpistula(aliceEd25519, BODY, NOW, FOR, UUID))],
    ["a stale timestamp", () => ({ ...request(good()), nowMs: NOW + 9_000 })],
    ["another service's", () => request(signEpistula(alice, BODY, NOW, "other", UUID))],
    ["an unmarked signature", () => request({ ...good(), "epistula-request-signature": unmarked() })],
    [
      "a key that is no ristretto point",
      () => request({ ...good(), "epistula-signed-by": encodeAddress(new Uint8Array(32).fill(255), 42) }),
    ],
  ];

  it.each(cases)("gives verifyEpistula's verdict for %s", async (_, make) => {
    expect(await verifyEpistulaWith(make(), thread)).toEqual(verifyEpistula(make()));
  });

  it("agrees with verifyEpistula on any signed body, and on it with any byte flipped", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 256 }), fc.nat(), async (bytes, at) => {
        const headers = signEpistula(alice, bytes, NOW, FOR, UUID);
        const flipped = bytes.slice();
        flipped[at % flipped.length] = (flipped[at % flipped.length] as number) ^ 0xff;
        for (const rawBody of [bytes, flipped]) {
          const verdict = await verifyEpistulaWith(request(headers, rawBody), thread);
          expect(verdict).toEqual(verifyEpistula(request(headers, rawBody)));
          expect(verdict.ok).toBe(rawBody === bytes);
        }
      }),
      { numRuns: 30 },
    );
  });

  it("never hands the thread a key or signature schnorrkel cannot decode", async () => {
    const spy = vi.fn(thread);
    const [unmarkedCase, notAPointCase] = cases.slice(-2).map(([, make]) => make());
    expect(await verifyEpistulaWith(unmarkedCase as EpistulaRequest, spy)).toMatchObject({ ok: false });
    expect(await verifyEpistulaWith(notAPointCase as EpistulaRequest, spy)).toMatchObject({ ok: false });
    expect(spy).not.toHaveBeenCalled();
    expect(await verifyEpistulaWith(request(good()), spy)).toMatchObject({ ok: true });
    expect(spy).toHaveBeenCalledTimes(1);
  });
});
