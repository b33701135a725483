import type { Database } from "@/db/client";
import { getDatabase } from "@/db/instance";
import { subscribeChanges, type Change } from "@/db/notify";
import { route } from "@/server/api/route";
import { EVENT_TYPES, type EventType, type Hello } from "@/lib/schemas/events";

export const dynamic = "force-dynamic";

/** Proxies drop connections that stay silent; a comment line every 15 s keeps this one open. */
const HEARTBEAT_MS = 15_000;
/**
 * Bytes kept for a client that reads slower than events come (beyond what its socket already holds). Past
 * this, its events are dropped until it has read the backlog, and then it gets a new hello, which makes a page
 * refetch every read (lib/client/live-events.ts). Without a bound, a client that stops reading would make the
 * process keep every event from then on.
 */
export const MAX_QUEUED_BYTES = 256 * 1024;
const FORWARDED: ReadonlySet<Change["type"]> = new Set(EVENT_TYPES);

/**
 * When this process last heard of a change of each kind, or began listening if of none since: every stream
 * opens with it (`event: hello`), so a page refetches only the reads a change came after, not everything it
 * was just rendered with. One listener per database for the life of the process.
 */
const lastChanges = new WeakMap<Database, Promise<() => Hello>>();
function lastChangeAt(database: Database): Promise<() => Hello> {
  let watch = lastChanges.get(database);
  if (watch === undefined) {
    watch = (async () => {
      const started = Date.now();
      const at = Object.fromEntries(EVENT_TYPES.map((t) => [t, started])) as Record<EventType, number>;
      await subscribeChanges(database, (change) => (at[change.type] = Date.now()));
      return () => ({
        changedAt: Object.fromEntries(
          EVENT_TYPES.map((t) => [t, new Date(at[t]).toISOString()]),
        ) as Hello["changedAt"],
      });
    })();
    watch.catch(() => lastChanges.delete(database));
    lastChanges.set(database, watch);
  }
  return watch;
}

// GET /api/v1/events – server-sent events: king, standings, submission, run, progress and block changes
export const GET = route(async (request) => {
  const database = await getDatabase();
  const lastChange = await lastChangeAt(database);
  const encoder = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  let closed = false;
  let lagging = false;
  const send = (text: string) => {
    if (closed || lagging || controller === null) return;
    controller.enqueue(encoder.encode(text));
    if ((controller.desiredSize ?? 0) < 0) lagging = true;
  };
  const hello = () => `event: hello\ndata: ${JSON.stringify(lastChange())}\n\n`;
  // Subscribed before the response exists: a database that cannot LISTEN answers 5xx, not a dead stream.
  const unlisten = await subscribeChanges(database, (change) => {
    if (FORWARDED.has(change.type)) send(`event: ${change.type}\ndata: ${JSON.stringify(change)}\n\n`);
  });
  const heartbeat = setInterval(() => send(": heartbeat\n\n"), HEARTBEAT_MS);
  const cleanup = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    request.signal.removeEventListener("abort", cleanup);
    unlisten().catch(() => undefined);
    try {
      controller?.close();
    } catch {
      // Already closed or errored by the consumer: nothing left to release.
    }
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        send(`retry: 5000\n: connected\n\n${hello()}`);
      },
      // Called as the client reads: once a lagging client is below the bound again, it hears what it missed.
      pull(c) {
        if (!lagging || (c.desiredSize ?? 0) <= 0) return;
        lagging = false;
        send(hello());
      },
      cancel: cleanup,
    },
    new ByteLengthQueuingStrategy({ highWaterMark: MAX_QUEUED_BYTES }),
  );
  // The client going away aborts the request: stop listening at once rather than at the next write.
  if (request.signal.aborted) cleanup();
  else request.signal.addEventListener("abort", cleanup, { once: true });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      "x-accel-buffering": "no",
    },
  });
});
