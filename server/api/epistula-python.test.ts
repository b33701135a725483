import { Keyring } from "@polkadot/keyring";
import { beforeAll, describe, expect, it } from "vitest";
import { encode } from "@/server/api/test-support/signing";
import { ensureCryptoReady, epistulaMessage, sha256Hex, verifyEpistula } from "@/lib/protocol/epistula";

// A request signed the way a Python validator signs it with bittensor's `keypair.sign`.
//
// How bittensor signs: `Keypair.sign(data)` (substrate-interface, and bittensor_wallet's Rust Keypair alike)
// turns a str into its UTF-8 bytes and calls sr25519 sign from py-sr25519-bindings (sp_core's sr25519 Pair in
// bittensor_wallet), which is schnorrkel's `secret.sign(signing_context(b"substrate").bytes(message), &public)`:
// a Schnorr signature over a Merlin transcript labelled with the signing context "substrate" and then the raw
// message bytes. @polkadot/util-crypto's sr25519Sign (backed by @scure/sr25519) builds the same transcript,
// `SigningContext` → label "substrate" → bytes(message), and emits the same 64-byte R ‖ s encoding with the
// schnorrkel marker bit. (One quirk of substrate-interface: a str starting with "0x" is hex-decoded instead
// of UTF-8 encoded; an Epistula message starts with a bare sha256 hex digest, so it never does.)
//
// How the fixture was made: Python is not reachable from this project's machines, so the signature below was
// produced in Node by that same transcript: @scure/sr25519 `sign(secretKey, message, rng)` with the //Alice
// secret key and an rng returning 32 bytes of 0x07 (sr25519 signatures are randomized; fixing the witness
// randomness only makes the fixture reproducible). A signature from
//   kp = Keypair.create_from_uri("//Alice"); "0x" + kp.sign(message).hex()
// has different bytes (a different random witness) but passes exactly the same verification, which is
// deterministic: that verification is what this test pins.

const FIXTURE = {
  /** `Keypair.create_from_uri("//Alice")` in Python and `addFromUri("//Alice")` here: the dev phrase, //Alice. */
  hotkey: "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
  body: '{"phase":"pulling","detail":"docker.io/alice/fast-qwen@sha256:0123","at":"2026-05-20T12:00:00Z"}',
  uuid: "5f0c1c0e-8a44-4f6b-9d7e-2b1f3c4d5e6f",
  timestamp: "1779278400000",
  signedFor: "cacheon-explorer",
  message:
    "7a5d80cf708bf3bbd9c7207ae031f307427d00afc0753953516bf291cb544108." +
    "5f0c1c0e-8a44-4f6b-9d7e-2b1f3c4d5e6f.1779278400000.cacheon-explorer",
  signature:
    "0x5e9bce7a4985a90c204aebee4c3100c39427b1dca5ad693a4b9ca59cdf65a365" +
    "73e4f9658ddd39e818bb1f3027f17cf98a7b7dc0ed44833e000b7ffb75e39b87",
};

const headers = (changes: Record<string, string> = {}) => ({
  "epistula-version": "2",
  "epistula-timestamp": FIXTURE.timestamp,
  "epistula-uuid": FIXTURE.uuid,
  "epistula-signed-by": FIXTURE.hotkey,
  "epistula-signed-for": FIXTURE.signedFor,
  "epistula-request-signature": FIXTURE.signature,
  ...changes,
});

const verify = (options: { body?: string; signedFor?: string; headers?: Record<string, string> } = {}) =>
  verifyEpistula({
    headers: headers(options.headers),
    rawBody: encode(options.body ?? FIXTURE.body),
    nowMs: Number(FIXTURE.timestamp) + 1_500,
    signedFor: options.signedFor ?? FIXTURE.signedFor,
  });

describe("Epistula signatures from Python validators", () => {
  beforeAll(() => ensureCryptoReady());

  it("signs the UTF-8 message sha256hex(body).uuid.timestamp.signed_for", () => {
    const message = epistulaMessage(
      sha256Hex(encode(FIXTURE.body)),
      FIXTURE.uuid,
      FIXTURE.timestamp,
      FIXTURE.signedFor,
    );
    expect(message).toBe(FIXTURE.message);
  });

  it("derives //Alice to the address bittensor gives it", () => {
    expect(new Keyring({ type: "sr25519", ss58Format: 42 }).addFromUri("//Alice").address).toBe(
      FIXTURE.hotkey,
    );
  });

  it("verifies a signature made with the substrate signing context", () => {
    expect(verify()).toEqual({
      ok: true,
      hotkey: FIXTURE.hotkey,
      uuid: FIXTURE.uuid,
      timestampMs: Number(FIXTURE.timestamp),
      // The digest the Python signer put at the head of its message.
      bodySha256: FIXTURE.message.split(".")[0],
    });
  });

  it("refuses it for one changed byte of the body, another identity or another uuid", () => {
    expect(verify({ body: FIXTURE.body.replace("pulling", "pullinG") })).toMatchObject({
      ok: false,
      code: "bad_signature",
    });
    expect(
      verify({ signedFor: "another-explorer", headers: { "epistula-signed-for": "another-explorer" } }),
    ).toMatchObject({
      ok: false,
      code: "bad_signature",
    });
    expect(verify({ headers: { "epistula-uuid": "5f0c1c0e-8a44-4f6b-9d7e-2b1f3c4d5e60" } })).toMatchObject({
      ok: false,
      code: "bad_signature",
    });
  });
});
