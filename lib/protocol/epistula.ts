import { createHash } from "node:crypto";

import { hexToU8a, u8aToHex, u8aWrapBytes } from "@polkadot/util";
import {
  checkAddress,
  cryptoIsReady,
  cryptoWaitReady,
  decodeAddress,
  ed25519Verify,
  encodeAddress,
} from "@polkadot/util-crypto";
import { sr25519_verify as sr25519Verify } from "@polkadot-labs/schnorrkel-wasm";
import { ed25519, ristretto255 } from "@noble/curves/ed25519";
import { bytesToNumberLE } from "@noble/curves/utils";
import { boundedMemo } from "@/lib/memo";

// The pure half of Epistula v2 (protocol.md "Signed requests"). The replay check on (hotkey, uuid) and the
// validator-permit check need stored state and live in the API layer.

export const EPISTULA_HEADERS = {
  version: "epistula-version",
  timestamp: "epistula-timestamp",
  uuid: "epistula-uuid",
  signedBy: "epistula-signed-by",
  signedFor: "epistula-signed-for",
  signature: "epistula-request-signature",
} as const;

export interface EpistulaParams {
  readonly maxClockSkewMs: number;
  readonly ss58Prefix: number;
}

const DEFAULTS: EpistulaParams = { maxClockSkewMs: 8_000, ss58Prefix: 42 };
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^[0-9]{1,15}$/;
// sr25519 signatures are exactly 64 bytes.
const SIGNATURE = /^0x[0-9a-fA-F]{128}$/;

/** sr25519 needs its WASM module loaded: await this once before verifying or signing. */
export async function ensureCryptoReady(): Promise<void> {
  // util-crypto's, for the address checks and the key-type diagnosis of a refusal; the verifier below loads
  // its module synchronously on import.
  await cryptoWaitReady();
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** `sha256hex(body) + "." + uuid + "." + timestamp + "." + signed_for`, the bytes that get signed. */
export function epistulaMessage(
  bodySha256Hex: string,
  uuid: string,
  timestampMs: number | string,
  signedFor: string,
): string {
  return `${bodySha256Hex}.${uuid}.${timestampMs}.${signedFor}`;
}

export type EpistulaVerification =
  | {
      readonly ok: true;
      readonly hotkey: string;
      readonly uuid: string;
      readonly timestampMs: number;
      /** sha256 of the body, hex: the digest the signature covers. */
      readonly bodySha256: string;
    }
  | {
      readonly ok: false;
      readonly code: "missing_headers" | "stale_timestamp" | "bad_signature";
      readonly message: string;
    };

export interface EpistulaRequest {
  /** Header names in lowercase, as fetch's Headers and Node give them. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The body exactly as received, hashed before any parsing. */
  readonly rawBody: Uint8Array;
  readonly nowMs: number;
  /** The explorer's identity string the request must be signed for ("" allowed). */
  readonly signedFor: string;
  readonly params?: EpistulaParams;
}

const fail = (
  code: "missing_headers" | "stale_timestamp" | "bad_signature",
  message: string,
): EpistulaVerification => ({
  ok: false,
  code,
  message,
});

/**
 * Verifies an Epistula v2 request. Missing or malformed headers (version, uuid v4, integer timestamp) are
 * `missing_headers`; a timestamp more than maxClockSkewMs from now, either side, is `stale_timestamp`; a
 * wrong-prefix address, a non-sr25519 signature or a bad signature is `bad_signature`. An absent
 * Epistula-Signed-For reads as "", since many HTTP stacks drop empty header values; it is still signed.
 */
export function verifyEpistula(request: EpistulaRequest): EpistulaVerification {
  const signed = readSignedRequest(request);
  if (!("verified" in signed)) return signed;
  return concludeVerification(signed, schnorrkelCanDecode(signed) && verifiesSr25519(signed));
}

/** An sr25519 check run elsewhere (server/api/sr25519-thread.ts runs them off the serving thread). */
export type Sr25519Verifier = (
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
) => Promise<boolean>;

/**
 * verifyEpistula with the sr25519 check handed to `verify`, which is given only what schnorrkel can decode.
 * Everything else (headers, clock, address, the body's hash) is checked here first, as verifyEpistula does.
 */
export async function verifyEpistulaWith(
  request: EpistulaRequest,
  verify: Sr25519Verifier,
): Promise<EpistulaVerification> {
  const signed = readSignedRequest(request);
  if (!("verified" in signed)) return signed;
  const valid =
    schnorrkelCanDecode(signed) && (await verify(signed.signer.publicKey, signed.message, signed.signature));
  return concludeVerification(signed, valid);
}

/** A request whose headers, clock and address check out: what is left is its signature. */
interface SignedRequest {
  readonly verified: EpistulaVerification & { readonly ok: true };
  readonly signer: SignerKey;
  readonly message: Uint8Array;
  readonly signature: Uint8Array;
}

function readSignedRequest(request: EpistulaRequest): SignedRequest | EpistulaVerification {
  if (!cryptoIsReady()) throw new Error("sr25519 is not ready: await ensureCryptoReady() at startup");
  const { headers, rawBody, nowMs, signedFor } = request;
  const params = request.params ?? DEFAULTS;
  const h = EPISTULA_HEADERS;
  const missing = [h.version, h.timestamp, h.uuid, h.signedBy, h.signature].filter(
    (name) => headers[name] === undefined,
  );
  if (missing.length > 0) return fail("missing_headers", `missing headers: ${missing.join(", ")}`);
  const version = headers[h.version] as string;
  const timestamp = headers[h.timestamp] as string;
  const uuid = headers[h.uuid] as string;
  const hotkey = headers[h.signedBy] as string;
  const signature = headers[h.signature] as string;
  const claimedFor = headers[h.signedFor] ?? "";

  if (version.trim() !== "2")
    return fail("missing_headers", `Epistula-Version must be 2, got "${version.slice(0, 20)}"`);
  if (!UUID_V4.test(uuid)) return fail("missing_headers", "Epistula-Uuid must be a UUID v4");
  if (!TIMESTAMP.test(timestamp))
    return fail("missing_headers", "Epistula-Timestamp must be milliseconds since the epoch");
  const timestampMs = Number(timestamp);
  if (Math.abs(nowMs - timestampMs) > params.maxClockSkewMs) {
    return fail(
      "stale_timestamp",
      `timestamp is ${nowMs - timestampMs} ms from the server clock (max ±${params.maxClockSkewMs} ms)`,
    );
  }
  if (claimedFor !== signedFor)
    return fail("bad_signature", "Epistula-Signed-For does not name this explorer");
  const signer = decodeSs58(hotkey, params.ss58Prefix);
  if (signer === null) {
    return fail(
      "bad_signature",
      `Epistula-Signed-By must be a 32-byte SS58 address with prefix ${params.ss58Prefix}`,
    );
  }
  if (!SIGNATURE.test(signature))
    return fail("bad_signature", "Epistula-Request-Signature must be 0x + 128 hex characters");

  const bodySha256 = sha256Hex(rawBody);
  return {
    verified: { ok: true, hotkey, uuid: uuid.toLowerCase(), timestampMs, bodySha256 },
    signer,
    message: new TextEncoder().encode(epistulaMessage(bodySha256, uuid, timestamp, claimedFor)),
    signature: hexToU8a(signature),
  };
}

// sr25519 over the exact message is the only accepted form, so it is checked first and alone: trying every
// scheme on each request would triple the CPU spent before the rate limit can apply.
function concludeVerification(signed: SignedRequest, sr25519Valid: boolean): EpistulaVerification {
  if (sr25519Valid) return signed.verified;
  // Only for a refusal: tell an operator who signed with the wrong key type what happened.
  if (verifiesEd25519(signed.message, signed.signature, signed.signer.publicKey))
    return fail("bad_signature", "signed with ed25519; validators must sign with their sr25519 hotkey");
  return fail("bad_signature", "the signature does not verify");
}

/**
 * Whether an ed25519 key signed the message, raw or wrapped in <Bytes> as wallet extensions sign. The only
 * other scheme a 64-byte signature can be (ECDSA's are 65 bytes). Checked directly: util-crypto's
 * signatureVerify would first retry sr25519 in pure JS, milliseconds of CPU for every refused request, which anyone
 * with a key pair could send (the rate limit counts only proven hotkeys).
 */
function verifiesEd25519(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return (
      ed25519Verify(message, signature, publicKey) ||
      ed25519Verify(u8aWrapBytes(message), signature, publicKey)
    );
  } catch {
    return false;
  }
}

// schnorrkel compiled to WASM by polkadot-labs, not util-crypto's sr25519Verify (pure JS, @scure/sr25519) nor
// @polkadot/wasm-crypto's, both several times slower (measured by the ingest row of npm run bench). Same
// crate, same signing context
// ("substrate"), so the same signatures verify.
// It panics on a key or signature schnorrkel cannot decode, and a panic leaves its memory corrupt: after about
// 1,200 of them every verification fails, valid ones included, until the process restarts. Anyone could send
// those, unauthenticated, so nothing undecodable reaches it (epistula-wasm.test.ts).
function schnorrkelCanDecode({ signer, signature }: SignedRequest): boolean {
  return signer.isRistrettoPoint && isSchnorrkelEncoding(signature);
}

function verifiesSr25519({ signer, message, signature }: SignedRequest): boolean {
  try {
    return sr25519Verify(signer.publicKey, message, signature);
  } catch {
    return false;
  }
}

/**
 * Whether schnorrkel can decode these 64 bytes as a signature: R (32 bytes, checked when verifying), then the
 * scalar s, little-endian, with the top bit set as schnorrkel's marker and the rest below the group order.
 */
export function isSchnorrkelEncoding(signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  const last = signature[63] as number;
  if ((last & 0x80) === 0) return false;
  const s = signature.slice(32);
  s[31] = last & 0x7f;
  return bytesToNumberLE(s) < ed25519.CURVE.n;
}

/** Whether 32 bytes are a valid ristretto255 encoding, as an sr25519 public key must be. */
export function isRistrettoPoint(publicKey: Uint8Array): boolean {
  try {
    ristretto255.Point.fromBytes(publicKey);
    return true;
  } catch {
    return false;
  }
}

interface SignerKey {
  readonly publicKey: Uint8Array;
  readonly isRistrettoPoint: boolean;
}

/**
 * The public key of an SS58 address with the given prefix, or null (checkAddress throws on some inputs).
 * Memoised: both steps hash the address, on every request, for the same few hundred validators' hotkeys.
 */
function decodeSs58(address: string, prefix: number): SignerKey | null {
  return decodeSs58Memo(`${prefix}:${address}`);
}

const decodeSs58Memo = boundedMemo((key: string): SignerKey | null => {
  const colon = key.indexOf(":");
  const prefix = Number(key.slice(0, colon));
  const address = key.slice(colon + 1);
  try {
    const [valid] = checkAddress(address, prefix);
    if (!valid) return null;
    const publicKey = decodeAddress(address);
    return publicKey.length === 32 ? { publicKey, isRistrettoPoint: isRistrettoPoint(publicKey) } : null;
  } catch {
    return null;
  }
});

/** The signing side of a key pair (a @polkadot/keyring KeyringPair satisfies it). */
export interface EpistulaSigner {
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

/** Epistula v2 headers (lowercase names) for `rawBody`, as a validator's runner sends them. */
export function signEpistula(
  pair: EpistulaSigner,
  rawBody: Uint8Array,
  nowMs: number,
  signedFor: string,
  uuid: string,
  ss58Prefix = DEFAULTS.ss58Prefix,
): Record<string, string> {
  const timestamp = String(Math.trunc(nowMs));
  const message = new TextEncoder().encode(epistulaMessage(sha256Hex(rawBody), uuid, timestamp, signedFor));
  const h = EPISTULA_HEADERS;
  return {
    [h.version]: "2",
    [h.timestamp]: timestamp,
    [h.uuid]: uuid,
    [h.signedBy]: encodeAddress(pair.publicKey, ss58Prefix),
    [h.signedFor]: signedFor,
    [h.signature]: u8aToHex(pair.sign(message)),
  };
}
