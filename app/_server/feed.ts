import "server-only";
import { loadEnv } from "@/env";
import { READ_CACHE_CONTROL } from "@/server/api/route";
import { renderAtom, type AtomFeed } from "@/lib/feeds/atom";
import type { FeedContext } from "@/lib/feeds/explorer-feeds";
import { siteOrigin } from "@/lib/site-url";
import { ApiError } from "@/lib/schemas/errors";

export function feedContext(): FeedContext {
  const env = loadEnv();
  return { origin: siteOrigin(env), network: env.NETWORK, netuid: env.NETUID, now: new Date() };
}

/**
 * Answers a feed built from one or more reads of the read model (server/read). Served outside /api, so the page cache shares one
 * render per second among readers (server/page-cache.ts), and with the API's own Cache-Control for feed
 * readers and proxies. A read the API answers 400 or 404 is this feed's 404.
 */
export async function atomResponse(build: () => Promise<AtomFeed>): Promise<Response> {
  try {
    return new Response(renderAtom(await build()), {
      headers: { "content-type": "application/atom+xml; charset=utf-8", "cache-control": READ_CACHE_CONTROL },
    });
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 400)) {
      return new Response("No such feed: the explorer has not seen what it names.\n", {
        status: 404,
        headers: { "content-type": "text/plain; charset=utf-8" },
      });
    }
    throw error;
  }
}
