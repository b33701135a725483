import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { Database } from "@/db/client";
import { publishChange } from "@/db/notify";
import { useTestDatabase } from "@/db/test-support/instance";
import { describeEachDatabase, openTestDatabase } from "@/db/test-support/databases";
import { EVENT_TYPES, type Hello } from "@/lib/schemas/events";
import { GET, MAX_QUEUED_BYTES } from "./route";

/** Reads an event stream as text: `readUntil` waits (5 s at most) until what was received matches. */
function streamText(response: Response) {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const stream = {
    reader,
    received: "",
    async readUntil(pattern: string | RegExp): Promise<void> {
      const matches = () =>
        typeof pattern === "string" ? stream.received.includes(pattern) : pattern.test(stream.received);
      const deadline = Date.now() + 5_000;
      while (!matches()) {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no ${pattern} within 5 s`)), deadline - Date.now());
        });
        const { value, done } = await Promise.race([reader.read(), timeout]).finally(() =>
          clearTimeout(timer),
        );
        if (done) throw new Error(`stream ended before ${pattern}`);
        stream.received += decoder.decode(value);
      }
    },
  };
  return stream;
}

describeEachDatabase("GET /api/v1/events", (driver) => {
  let database: Database;
  let restore: () => void;
  let unlistened = 0;
  beforeAll(async () => {
    database = await openTestDatabase(driver);
    // Counts unlisten calls, so the test can see the route let go of its LISTEN.
    const counting: Database = {
      ...database,
      listen: async (channel, onPayload) => {
        const unlisten = await database.listen(channel, onPayload);
        return async () => {
          unlistened += 1;
          await unlisten();
        };
      },
    };
    restore = useTestDatabase(counting);
  });
  afterAll(async () => {
    restore?.();
    await database?.close();
  });

  it("delivers a run change published after connect, then stops listening when the client aborts", async () => {
    const client = new AbortController();
    const response = await GET(
      new Request("http://explorer.test/api/v1/events", { signal: client.signal }),
      {},
    );
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-accel-buffering")).toBe("no");

    const stream = streamText(response);
    await stream.readUntil(": connected");
    await publishChange(database.db, { type: "run", runId: "r-1", submissionId: 7 });
    await stream.readUntil("\n\n" + "event: run");
    await stream.readUntil('"submissionId":7}\n\n');
    expect(stream.received).toContain(`event: run\ndata: {"type":"run","runId":"r-1","submissionId":7}\n\n`);

    client.abort();
    await vi.waitFor(() => expect(unlistened).toBe(1));
    expect(await stream.reader.read()).toEqual({ done: true, value: undefined });
  });

  it("keeps at most the bound for a client that stops reading, then sends it a new hello", async () => {
    const client = new AbortController();
    const response = await GET(
      new Request("http://explorer.test/api/v1/events", { signal: client.signal }),
      {},
    );
    const stream = streamText(response);
    await stream.readUntil(/event: hello/); // then nothing more is read while changes are published
    // Twice the bound's worth of changes, each one different (Postgres folds identical payloads of one
    // transaction into one).
    const change = (i: number) =>
      ({
        type: "standings",
        changedSubmissionIds: Array.from({ length: 400 }, (_, k) => 1_000_000 + i * 1_000 + k),
      }) as const;
    const eventBytes = `event: standings\ndata: ${JSON.stringify(change(0))}\n\n`.length;
    const published = Math.ceil((2 * MAX_QUEUED_BYTES) / eventBytes);
    for (let i = 0; i < published; i++) await publishChange(database.db, change(i));
    await new Promise((resolve) => setTimeout(resolve, 200));

    await stream.readUntil(/event: hello[^]*event: hello\ndata: .*\n\n/);
    const { received } = stream;
    const backlog = received.slice(received.indexOf("\n\n", received.indexOf("event: hello")) + 2);
    const kept = backlog.slice(0, backlog.indexOf("event: hello"));
    expect(kept).toContain("event: standings");
    expect(kept.length).toBeLessThanOrEqual(MAX_QUEUED_BYTES + eventBytes);
    // Caught up, it hears changes again.
    await publishChange(database.db, { type: "run", runId: "after-lag", submissionId: 1 });
    await stream.readUntil(/"runId":"after-lag"/);
    client.abort();
  });

  it("opens every stream with a hello saying when each kind of change was last heard of", async () => {
    const hello = async () => {
      const client = new AbortController();
      const response = await GET(
        new Request("http://explorer.test/api/v1/events", { signal: client.signal }),
        {},
      );
      const stream = streamText(response);
      await stream.readUntil(/event: hello\ndata: .*\n\n/);
      client.abort();
      return JSON.parse(/event: hello\ndata: (.*)\n\n/.exec(stream.received)?.[1] ?? "") as Hello;
    };
    const before = await hello();
    expect(Object.keys(before.changedAt).sort()).toEqual([...EVENT_TYPES].sort());
    await new Promise((resolve) => setTimeout(resolve, 5));
    await publishChange(database.db, { type: "block", blockNumber: 9, epoch: false, deregistered: [] });
    await vi.waitFor(async () => expect((await hello()).changedAt.block > before.changedAt.block).toBe(true));
    const after = await hello();
    expect(after.changedAt.run).toBe(before.changedAt.run);
  });
});
