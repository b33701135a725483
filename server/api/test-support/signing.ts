import { randomUUID } from "node:crypto";
import { Keyring } from "@polkadot/keyring";
import type { KeyringPair } from "@polkadot/keyring/types";
import { signEpistula } from "@/lib/protocol/epistula";

// Test support: real sr25519 key pairs and Epistula-signed requests, as a validator's runner sends them.
// Call `await ensureCryptoReady()` before using the pairs.

const sr25519 = () => new Keyring({ type: "sr25519", ss58Format: 42 });

export const keys = {
  /** Registered with a validator permit in the seeded metagraph. */
  validator1: () => sr25519().addFromUri("//Validator1"),
  validator2: () => sr25519().addFromUri("//Validator2"),
  /** Registered (a miner), no validator permit. */
  noPermit: () => sr25519().addFromUri("//Miner1"),
  /** Not in the metagraph at all. */
  stranger: () => sr25519().addFromUri("//Stranger"),
  /** The same seed as validator1, but an ed25519 key: not a hotkey type validators may use. */
  ed25519: () => new Keyring({ type: "ed25519", ss58Format: 42 }).addFromUri("//Validator1"),
};

export const BASE_URL = "http://explorer.test";
export const encode = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(text);

export interface SignOptions {
  readonly method?: "GET" | "POST";
  readonly path: string;
  /** The bytes sent; for a GET, nothing. */
  readonly body?: Uint8Array<ArrayBuffer> | string;
  readonly pair: KeyringPair;
  readonly nowMs: number;
  readonly signedFor: string;
  readonly uuid?: string;
  /** Sign these bytes instead of the body (a signature that does not match what is sent). */
  readonly signBody?: Uint8Array;
  readonly ss58Prefix?: number;
  /** null leaves Content-Type out; default application/json for a POST with a body. */
  readonly contentType?: string | null;
  /** Header overrides after signing; null removes a header. */
  readonly headers?: Readonly<Record<string, string | null>>;
}

/** The parts of a signed request; kept apart from `Request` because a Request's body can be read only once. */
export interface SignedRequestSpec {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array<ArrayBuffer> | null;
}

export function signRequest(options: SignOptions): SignedRequestSpec {
  const method = options.method ?? "POST";
  const body = typeof options.body === "string" ? encode(options.body) : (options.body ?? null);
  const signed = signEpistula(
    options.pair,
    options.signBody ?? body ?? new Uint8Array(0),
    options.nowMs,
    options.signedFor,
    options.uuid ?? randomUUID(),
    options.ss58Prefix,
  );
  const headers: Record<string, string> = { ...signed };
  const contentType =
    options.contentType === undefined ? (body ? "application/json" : null) : options.contentType;
  if (contentType !== null) headers["content-type"] = contentType;
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === null) delete headers[name];
    else headers[name] = value;
  }
  return { url: `${BASE_URL}${options.path}`, method, headers, body };
}

export function toRequest(spec: SignedRequestSpec): Request {
  return new Request(spec.url, { method: spec.method, headers: spec.headers, body: spec.body });
}
