import type { Database } from "@/db/client";
import { MAX_BODY_BYTES } from "@/server/api/body";
import { createRateLimiter, type RateLimitOptions } from "@/server/api/rate-limit";
import {
  DEFAULT_LEASE_MS,
  withSignedRouteDeps,
  type SignedHandler,
  type SignedRouteDeps,
  type SignedRouteSettings,
} from "@/server/api/signed-route";
import { createLogger } from "@/lib/log";
import { DEFAULT_PARAMS } from "@/lib/protocol/params";
import { toRequest, type SignedRequestSpec } from "./signing";

// Test support: the signed routes' dependencies pointed at a test database and a fixed clock.

/** The server clock of the tests; requests are signed relative to it. */
export const NOW_MS = Date.parse("2026-05-20T12:00:00.000Z");
export const SIGNED_FOR = "cacheon-explorer-test";

export interface TestDepsOptions {
  readonly nowMs?: number;
  readonly rateLimit?: RateLimitOptions;
  readonly settings?: Partial<SignedRouteSettings>;
}

export function testDeps(database: Database, options: TestDepsOptions = {}): SignedRouteDeps {
  const nowMs = options.nowMs ?? NOW_MS;
  return {
    db: () => Promise.resolve(database.db),
    now: () => new Date(nowMs),
    settings: {
      netuid: 14,
      signedFor: SIGNED_FOR,
      maxBodyBytes: MAX_BODY_BYTES,
      epistula: DEFAULT_PARAMS.epistula,
      leaseMs: DEFAULT_LEASE_MS,
      nonceRetentionMs: 10 * 60_000,
      demoNetwork: false,
      ...options.settings,
    },
    // The clock stands still in tests, so the default bucket never refills: generous unless a test says so.
    rateLimiter: createRateLimiter(options.rateLimit ?? { ratePerSecond: 1_000, burst: 1_000_000 }),
    // Errors still print: a 500 in a test should be visible.
    log: createLogger({ component: "api-test" }, "error"),
  };
}

/** Calls an exported route handler as Next.js would, with these dependencies. */
export function callRoute(
  handler: SignedHandler,
  deps: SignedRouteDeps,
  request: Request | SignedRequestSpec,
  params: Record<string, string> = {},
): Promise<Response> {
  const req = request instanceof Request ? request : toRequest(request);
  return withSignedRouteDeps(deps, () => handler(req, { params: Promise.resolve(params) }));
}

export interface ErrorJson {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
}
