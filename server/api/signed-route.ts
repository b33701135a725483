import { AsyncLocalStorage } from "node:async_hooks";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { getDatabase } from "@/db/instance";
import { deleteNoncesSeenBefore } from "@/db/queries/nonces";
import { loadEnv } from "@/env";
import { createLogger, type Logger } from "@/lib/log";
import { isDemoNetwork } from "@/lib/protocol/corpus";
import { paramsAt } from "@/lib/protocol/params";
import { MAX_BODY_BYTES, parseJsonBody } from "./body";
import { authenticate, type AuthSettings } from "./epistula-auth";
import { ApiError, fromZodError } from "@/lib/schemas/errors";
import { createRateLimiter, DEFAULT_RATE_LIMIT, type RateLimiter } from "./rate-limit";
import { requestIdOf } from "./request-id";
import { errorResponse } from "./route";

export interface SignedRouteSettings extends AuthSettings {
  /** How long a job lease lasts before it must be renewed. */
  readonly leaseMs: number;
  /** How long an accepted (hotkey, uuid) is kept; far longer than any timestamp can pass the clock check. */
  readonly nonceRetentionMs: number;
  /** A network of stand-ins (the demo, a devnet): its jobs name the shipped corpus and it accepts its runs. */
  readonly demoNetwork: boolean;
}

/** What a signed route needs from the outside; tests and embedders supply their own with `withSignedRouteDeps`. */
export interface SignedRouteDeps {
  readonly db: () => Promise<Db>;
  readonly now: () => Date;
  readonly settings: SignedRouteSettings;
  readonly rateLimiter: RateLimiter;
  readonly log: Logger;
}

export interface SignedContext<Body, Params, Query> {
  readonly hotkey: string;
  readonly uuid: string;
  readonly body: Body;
  readonly rawBody: Uint8Array;
  /** sha256 of rawBody, hex, as the signature covers it. */
  readonly bodySha256: string;
  readonly params: Params;
  readonly query: Query;
  readonly validator: { readonly uid: number; readonly stakeRao: bigint };
  readonly requestId: string;
  readonly db: Db;
  readonly now: Date;
  readonly settings: SignedRouteSettings;
  readonly log: Logger;
}

export interface SignedRouteSpec<B extends z.ZodType, P extends z.ZodType, Q extends z.ZodType> {
  /** The JSON body's schema; absent for a GET, which is signed over the empty body. */
  readonly body?: B;
  /** The path parameters' schema (Next.js gives them as strings). */
  readonly params?: P;
  readonly query?: Q;
  readonly handle: (ctx: SignedContext<z.output<B>, z.output<P>, z.output<Q>>) => Promise<Response>;
}

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };
export type SignedHandler = (request: Request, context: RouteContext) => Promise<Response>;

export const DEFAULT_LEASE_MS = 15 * 60_000;
const NONCE_PRUNE_INTERVAL_MS = 60_000;

const depsStorage = new AsyncLocalStorage<SignedRouteDeps>();

/** Runs `fn` with these dependencies instead of the process's (its database, clock, limits and log). */
export function withSignedRouteDeps<T>(deps: SignedRouteDeps, fn: () => Promise<T>): Promise<T> {
  return depsStorage.run(deps, fn);
}

/**
 * Wraps a validator write: authenticates it (server/api/epistula-auth), then parses path, query and JSON body
 * with zod, and hands the handler the proven hotkey. Every refusal goes through the one error table; anything
 * else is our fault, logged with the request id and answered 500. Logs never carry signatures or bodies.
 */
export function signedRoute<
  B extends z.ZodType = z.ZodUndefined,
  P extends z.ZodType = z.ZodUnknown,
  Q extends z.ZodType = z.ZodUnknown,
>(spec: SignedRouteSpec<B, P, Q>): SignedHandler {
  return async (request, context) => {
    const deps = depsStorage.getStore() ?? defaultDeps();
    const requestId = requestIdOf(request);
    const fields: Record<string, unknown> = {
      requestId,
      method: request.method,
      path: new URL(request.url).pathname,
    };
    const started = performance.now();
    const now = deps.now();
    try {
      const auth = await authenticate({
        request,
        settings: deps.settings,
        now,
        rateLimiter: deps.rateLimiter,
        db: deps.db,
        onHotkey: (hotkey) => (fields.hotkey = hotkey),
      });
      const db = await deps.db();
      await pruneNoncesNowAndThen(db, deps, now);

      const params = parseWith(spec.params, await context.params, "invalid_query", "path");
      const query = parseWith(
        spec.query,
        Object.fromEntries(new URL(request.url).searchParams),
        "invalid_query",
      );
      const body = parseBody(spec.body, auth.rawBody);
      const response = await spec.handle({
        ...auth,
        body,
        params,
        query,
        requestId,
        db,
        now,
        settings: deps.settings,
        log: deps.log.child({ requestId }),
      });
      finish(response, requestId);
      deps.log.info("signed request", { ...fields, status: response.status, ms: elapsed(started) });
      return response;
    } catch (error) {
      if (error instanceof ApiError) {
        // invalid_body messages quote the body (paths, parser errors); the log keeps only the code.
        const message = error.code === "invalid_body" ? undefined : error.message;
        deps.log.info("signed request refused", {
          ...fields,
          status: error.status,
          code: error.code,
          message,
        });
        return finish(errorResponse(error, requestId), requestId);
      }
      deps.log.error("unhandled error", { ...fields, error, ms: elapsed(started) });
      const internal = new ApiError(
        "internal_error",
        "Something went wrong on our side; it has been logged.",
      );
      return finish(errorResponse(internal, requestId), requestId);
    }
  };
}

function parseWith<S extends z.ZodType>(
  schema: S | undefined,
  value: unknown,
  code: "invalid_body" | "invalid_query",
  where?: "path",
): z.output<S> {
  if (schema === undefined) return value as z.output<S>;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  if (where !== "path") throw fromZodError(result.error, code);
  const problems = result.error.issues.map((i) => `${i.path.map(String).join(".")}: ${i.message}`);
  throw new ApiError("invalid_query", `The URL path is invalid: ${problems.join("; ")}`);
}

function parseBody<B extends z.ZodType>(schema: B | undefined, rawBody: Uint8Array): z.output<B> {
  if (schema === undefined) {
    if (rawBody.byteLength > 0)
      throw new ApiError("invalid_body", "This route takes no body; sign the empty body.");
    return undefined as z.output<B>;
  }
  if (rawBody.byteLength === 0) {
    const empty = schema.safeParse(undefined);
    if (empty.success) return empty.data;
    throw new ApiError("invalid_body", "The body is empty; this route expects a JSON object.");
  }
  return parseWith(schema, parseJsonBody(rawBody), "invalid_body");
}

// Signed answers are for one validator: never cached by anyone in between.
function finish(response: Response, requestId: string): Response {
  response.headers.set("x-request-id", requestId);
  response.headers.set("cache-control", "no-store");
  return response;
}

const elapsed = (started: number): number => Math.round(performance.now() - started);

const lastPrunedAt = new WeakMap<Db, number>();

// Once a minute per database and process is plenty: the index on seen_at makes it a short range delete.
async function pruneNoncesNowAndThen(db: Db, deps: SignedRouteDeps, now: Date): Promise<void> {
  const last = lastPrunedAt.get(db);
  if (last !== undefined && now.getTime() - last < NONCE_PRUNE_INTERVAL_MS) return;
  lastPrunedAt.set(db, now.getTime());
  try {
    await deleteNoncesSeenBefore(db, new Date(now.getTime() - deps.settings.nonceRetentionMs));
  } catch (error) {
    deps.log.warn("pruning epistula nonces failed", { error });
  }
}

// Shared by every route bundle of the process (Next.js bundles routes separately), so the rate is per hotkey,
// not per hotkey and route.
const LIMITER_KEY = Symbol.for("cacheon.signedRoute.rateLimiter");
type LimiterHolder = { [LIMITER_KEY]?: RateLimiter };

let defaults: SignedRouteDeps | undefined;

function defaultDeps(): SignedRouteDeps {
  if (defaults !== undefined) return defaults;
  const env = loadEnv();
  const holder = globalThis as LimiterHolder;
  holder[LIMITER_KEY] ??= createRateLimiter(DEFAULT_RATE_LIMIT);
  defaults = {
    db: async () => (await getDatabase()).db,
    now: () => new Date(),
    settings: {
      netuid: env.NETUID,
      signedFor: env.EPISTULA_SIGNED_FOR,
      maxBodyBytes: MAX_BODY_BYTES,
      // The parameters in force now: the last version.
      epistula: paramsAt(Number.MAX_SAFE_INTEGER).epistula,
      leaseMs: DEFAULT_LEASE_MS,
      nonceRetentionMs: 10 * 60_000,
      demoNetwork: isDemoNetwork(env.NETWORK),
    },
    rateLimiter: holder[LIMITER_KEY],
    log: createLogger({ component: "api" }, env.LOG_LEVEL),
  };
  return defaults;
}
