import { createHash } from "node:crypto";
import { Keyring } from "@polkadot/keyring";
import { u8aToHex, u8aWrapBytes } from "@polkadot/util";
import { encodeAddress } from "@polkadot/util-crypto";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";

import { ensureCryptoReady, epistulaMessage, sha256Hex, signEpistula, verifyEpistula } from "./epistula";

const NOW = 1_780_000_000_000;
const UUID = "3f0c8a4e-2b1d-4c5e-9f6a-7b8c9d0e1f2a";
const FOR = "cacheon-explorer";
const body = new TextEncoder().encode('{"schema":"cacheon.run.v1"}');
let alice: ReturnType<Keyring["addFromUri"]>;
let edPair: ReturnType<Keyring["addFromUri"]>;

beforeAll(async () => {
  await ensureCryptoReady();
  alice = new Keyring({ type: "sr25519", ss58Format: 42 }).addFromUri("//Alice");
  edPair = new Keyring({ type: "ed25519", ss58Format: 42 }).addFromUri("//Alice");
});

const signed = (over: Record<string, string | undefined> = {}) => ({
  ...signEpistula(alice, body, NOW, FOR, UUID),
  ...over,
});
const verify = (headers: Record<string, string | undefined>, rawBody = body, nowMs = NOW) =>
  verifyEpistula({ headers, rawBody, nowMs, signedFor: FOR });

describe("sha256Hex", () => {
  it("hashes bytes to lowercase hex", () => {
    expect(sha256Hex(new TextEncoder().encode("abc"))).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });
});

describe("epistulaMessage", () => {
  it("joins body hash, uuid, timestamp and signed-for with dots", () => {
    expect(epistulaMessage("ab", UUID, 17, "")).toBe(`ab.${UUID}.17.`);
  });
});

describe("signEpistula", () => {
  it("produces the six Epistula v2 headers with a prefix-42 address", () => {
    const headers = signed();
    expect(headers).toMatchObject({
      "epistula-version": "2",
      "epistula-timestamp": String(NOW),
      "epistula-uuid": UUID,
      "epistula-signed-by": "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
      "epistula-signed-for": FOR,
    });
    expect(headers["epistula-request-signature"]).toMatch(/^0x[0-9a-f]{128}$/);
  });
});

describe("verifyEpistula", () => {
  it("accepts a correctly signed request and returns the hotkey, uuid, timestamp and body hash", () => {
    expect(verify(signed())).toEqual({
      ok: true,
      hotkey: alice.address,
      uuid: UUID,
      timestampMs: NOW,
      bodySha256: createHash("sha256").update(body).digest("hex"),
    });
  });

  it("accepts an uppercase uuid and returns it lowercased, so the replay key is canonical", () => {
    const upper = UUID.toUpperCase();
    expect(verify(signEpistula(alice, body, NOW, FOR, upper))).toMatchObject({ ok: true, uuid: UUID });
  });

  it("verifies any signed body and rejects it once any byte is flipped", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 256 }),
        fc.nat(),
        fc.uuid({ version: 4 }),
        fc.string(),
        (bytes, at, uuid, signedFor) => {
          const headers = signEpistula(alice, bytes, NOW, signedFor, uuid);
          expect(verifyEpistula({ headers, rawBody: bytes, nowMs: NOW, signedFor }).ok).toBe(true);
          const flipped = bytes.slice();
          const i = at % flipped.length;
          flipped[i] = (flipped[i] as number) ^ 0xff;
          expect(verifyEpistula({ headers, rawBody: flipped, nowMs: NOW, signedFor })).toMatchObject({
            ok: false,
            code: "bad_signature",
          });
        },
      ),
      { numRuns: 50 },
    );
  });

  it.each([
    "epistula-version",
    "epistula-timestamp",
    "epistula-uuid",
    "epistula-signed-by",
    "epistula-request-signature",
  ])("rejects a request without %s as missing_headers", (name) => {
    expect(verify(signed({ [name]: undefined }))).toMatchObject({ ok: false, code: "missing_headers" });
  });

  it("rejects another version, a non-v4 uuid or a non-integer timestamp as missing_headers", () => {
    expect(verify(signed({ "epistula-version": "1" }))).toMatchObject({ code: "missing_headers" });
    expect(verify(signed({ "epistula-uuid": "3f0c8a4e-2b1d-1c5e-9f6a-7b8c9d0e1f2a" }))).toMatchObject({
      code: "missing_headers",
    });
    expect(verify(signed({ "epistula-timestamp": "1.5e12" }))).toMatchObject({ code: "missing_headers" });
  });

  it("accepts a timestamp up to 8 s away on either side and rejects one further as stale_timestamp", () => {
    expect(verify(signed(), body, NOW + 8_000).ok).toBe(true);
    expect(verify(signed(), body, NOW - 8_000).ok).toBe(true);
    expect(verify(signed(), body, NOW + 8_001)).toMatchObject({ code: "stale_timestamp" });
    expect(verify(signed(), body, NOW - 8_001)).toMatchObject({ code: "stale_timestamp" });
  });

  it("rejects a request signed for another service", () => {
    const headers = signEpistula(alice, body, NOW, "someone-else", UUID);
    expect(verify(headers)).toMatchObject({ code: "bad_signature" });
  });

  it("reads an absent Signed-For as empty, which must then be what the explorer expects", () => {
    const headers = { ...signEpistula(alice, body, NOW, "", UUID), "epistula-signed-for": undefined };
    expect(verifyEpistula({ headers, rawBody: body, nowMs: NOW, signedFor: "" }).ok).toBe(true);
  });

  it("rejects an address with another SS58 prefix", () => {
    expect(verify(signed({ "epistula-signed-by": encodeAddress(alice.publicKey, 0) }))).toMatchObject({
      code: "bad_signature",
    });
    expect(verify(signed({ "epistula-signed-by": "not-an-address" }))).toMatchObject({
      code: "bad_signature",
    });
  });

  it("rejects an ed25519 signature even though it is valid for its key (sr25519 only)", () => {
    const result = verify(signEpistula(edPair, body, NOW, FOR, UUID));
    expect(result).toMatchObject({ ok: false, code: "bad_signature" });
    expect(result.ok ? "" : result.message).toMatch(/ed25519/);
  });

  it("says ed25519 too for a message an ed25519 wallet signed wrapped in <Bytes>, and not for a wrong sr25519 one", () => {
    const headers = signEpistula(edPair, body, NOW, FOR, UUID);
    const message = new TextEncoder().encode(
      epistulaMessage(sha256Hex(body), UUID, headers["epistula-timestamp"] as string, FOR),
    );
    const wrapped = {
      ...headers,
      "epistula-request-signature": u8aToHex(edPair.sign(u8aWrapBytes(message))),
    };
    expect(verify(wrapped)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/signed with ed25519/),
    });
    const wrongSr25519 = signed({ "epistula-request-signature": u8aToHex(alice.sign(message.slice(1))) });
    expect(verify(wrongSr25519)).toMatchObject({ ok: false, message: "the signature does not verify" });
  });

  it("rejects a signature by another key, a tampered header or a malformed signature", () => {
    const bob = new Keyring({ type: "sr25519" }).addFromUri("//Bob");
    expect(verify(signed({ "epistula-signed-by": bob.address }))).toMatchObject({ code: "bad_signature" });
    expect(verify(signed({ "epistula-uuid": "4f0c8a4e-2b1d-4c5e-9f6a-7b8c9d0e1f2a" }))).toMatchObject({
      code: "bad_signature",
    });
    expect(verify(signed({ "epistula-request-signature": "0x1234" }))).toMatchObject({
      code: "bad_signature",
    });
  });

  it("rejects a signature over the <Bytes>-wrapped message", () => {
    const message = epistulaMessage(sha256Hex(body), UUID, NOW, FOR);
    const wrapped = alice.sign(new TextEncoder().encode(`<Bytes>${message}</Bytes>`));
    const signature = `0x${Buffer.from(wrapped).toString("hex")}`;
    expect(verify(signed({ "epistula-request-signature": signature }))).toMatchObject({
      code: "bad_signature",
    });
  });
});
