import type { Db } from "@/db/client";
import { admitSignedRequest, type PermitCheck } from "@/db/queries/signed-requests";
import {
  EPISTULA_HEADERS,
  ensureCryptoReady,
  verifyEpistulaWith,
  type EpistulaParams,
  type Sr25519Verifier,
} from "@/lib/protocol/epistula";
import { isJsonUtf8, readBodyWithLimit } from "./body";
import { ApiError } from "@/lib/schemas/errors";
import type { RateLimiter } from "./rate-limit";
import { createSr25519Thread } from "./sr25519-thread";

/** What the checks need from the route's configuration. */
export interface AuthSettings {
  readonly netuid: number;
  readonly signedFor: string;
  readonly maxBodyBytes: number;
  readonly epistula: EpistulaParams;
}

export interface AuthenticatedRequest {
  readonly hotkey: string;
  readonly uuid: string;
  readonly rawBody: Uint8Array;
  /** sha256 of rawBody, hex, as the signature covers it. */
  readonly bodySha256: string;
  readonly validator: { readonly uid: number; readonly stakeRao: bigint };
}

export interface AuthInput {
  readonly request: Request;
  readonly settings: AuthSettings;
  readonly now: Date;
  readonly rateLimiter: RateLimiter;
  readonly db: () => Promise<Db>;
  /** Told the hotkey as soon as the signature proves it, so a later refusal can be logged with it. */
  readonly onHotkey?: (hotkey: string) => void;
}

const REQUIRED_HEADERS = [
  EPISTULA_HEADERS.version,
  EPISTULA_HEADERS.timestamp,
  EPISTULA_HEADERS.uuid,
  EPISTULA_HEADERS.signedBy,
  EPISTULA_HEADERS.signature,
] as const;

/**
 * The checks every validator write goes through, cheapest first: content type and header presence, the
 * body (read once, bounded), the signature over those exact bytes, the hotkey's rate, then one statement for
 * its validator permit, the replay record and its last-seen time (db/queries/signed-requests). So nothing
 * unsigned touches the database, nobody can spend another hotkey's rate, and a hotkey without a permit cannot
 * grow the nonce table.
 */
export async function authenticate(input: AuthInput): Promise<AuthenticatedRequest> {
  const { request, settings, now } = input;
  const takesBody = request.method !== "GET" && request.method !== "HEAD";
  // No Content-Type is accepted: the signature covers the raw bytes, whatever they are labelled, and Python's
  // requests.post(data=…) sends none. A label naming something other than JSON is refused.
  const contentType = request.headers.get("content-type");
  if (takesBody && contentType !== null && !isJsonUtf8(contentType)) {
    throw unsupportedMediaType(contentType);
  }
  const missing = REQUIRED_HEADERS.filter((name) => request.headers.get(name) === null);
  if (missing.length > 0) {
    throw new ApiError(
      "missing_headers",
      `Missing Epistula headers: ${missing.join(", ")}. Every write must be signed with Epistula v2 ` +
        "(Epistula-Version, -Timestamp, -Uuid, -Signed-By, -Signed-For, -Request-Signature).",
    );
  }

  const rawBody = await readBodyWithLimit(request, settings.maxBodyBytes);

  await ensureCryptoReady();
  const headers: Record<string, string | undefined> = {};
  for (const name of Object.values(EPISTULA_HEADERS)) headers[name] = request.headers.get(name) ?? undefined;
  const verdict = await verifyEpistulaWith(
    { headers, rawBody, nowMs: now.getTime(), signedFor: settings.signedFor, params: settings.epistula },
    sr25519Thread(),
  );
  if (!verdict.ok)
    throw new ApiError(verdict.code, `${capitalize(verdict.message)}. ${HINTS[verdict.code](settings)}`);
  const { hotkey, uuid, bodySha256 } = verdict;
  input.onHotkey?.(hotkey);

  const decision = input.rateLimiter.take(hotkey, now.getTime());
  if (!decision.ok) {
    throw new ApiError(
      "rate_limited",
      `Too many requests from ${hotkey}; retry after ${decision.retryAfterSeconds} s.`,
      { retryAfterSeconds: decision.retryAfterSeconds },
    );
  }

  const db = await input.db();
  const { permit, fresh } = await admitSignedRequest(db, { netuid: settings.netuid, hotkey, uuid, now });
  if (permit.kind !== "permitted") throw notAValidator(permit, hotkey, settings.netuid);
  if (!fresh) {
    throw new ApiError(
      "replayed",
      `Epistula-Uuid ${uuid} was already used by ${hotkey}; sign every request, retries included, with a new UUID v4.`,
    );
  }
  return { hotkey, uuid, rawBody, bodySha256, validator: { uid: permit.uid, stakeRao: permit.stakeRao } };
}

// One thread per process, shared by every route bundle (Next.js bundles routes separately).
const THREAD_KEY = Symbol.for("cacheon.epistula.sr25519Thread");
type ThreadHolder = { [THREAD_KEY]?: Sr25519Verifier };

function sr25519Thread(): Sr25519Verifier {
  const holder = globalThis as ThreadHolder;
  return (holder[THREAD_KEY] ??= createSr25519Thread());
}

const HINTS: Record<"missing_headers" | "stale_timestamp" | "bad_signature", (s: AuthSettings) => string> = {
  missing_headers: () =>
    "Send Epistula-Version: 2, Epistula-Timestamp in milliseconds since the epoch and a UUID v4 in Epistula-Uuid.",
  stale_timestamp: (s) =>
    `Sync the validator's clock (NTP) and sign each request just before sending it (allowed skew ±${s.epistula.maxClockSkewMs} ms).`,
  bad_signature: (s) =>
    `Sign sha256hex(body) + "." + uuid + "." + timestamp + "." + signed_for with the hotkey's sr25519 key, where ` +
    `signed_for is ${JSON.stringify(s.signedFor)} for this explorer, and send Epistula-Signed-By as the hotkey's ` +
    `SS58 address with prefix ${s.epistula.ss58Prefix}.`,
};

function capitalize(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

function unsupportedMediaType(contentType: string): ApiError {
  return new ApiError(
    "unsupported_media_type",
    "Write bodies must be JSON: send Content-Type: application/json (UTF-8), or no Content-Type; got " +
      `Content-Type ${JSON.stringify(contentType.slice(0, 100))}.`,
  );
}

function notAValidator(permit: Exclude<PermitCheck, { kind: "permitted" }>, hotkey: string, netuid: number) {
  const why =
    permit.kind === "no_metagraph"
      ? `the explorer has no metagraph of subnet ${netuid} yet, so it cannot check validator permits; retry once chain ingest has stored one`
      : permit.kind === "not_registered"
        ? `${hotkey} is not registered on subnet ${netuid} (metagraph at block ${permit.snapshotBlock})`
        : `${hotkey} (UID ${permit.uid}) has no validator permit on subnet ${netuid} (metagraph at block ${permit.snapshotBlock})`;
  return new ApiError("not_a_validator", `Only hotkeys with a validator permit may write: ${why}.`);
}
