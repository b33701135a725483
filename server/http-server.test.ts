import { once } from "node:events";
import type { ServerResponse } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { CONNECTION_TIMEOUTS, createHttpServer } from "./http-server";

// Real sockets on loopback, with the stalled-connection timeout shortened so the tests take a second or two.
const STALLED_MS = 400;
const timeouts = { ...CONNECTION_TIMEOUTS, stalledMs: STALLED_MS };

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

/** A server answering every request with `respond`; resolves with its port and every response's close. */
async function serve(respond: (res: ServerResponse) => void) {
  const closed: Promise<void>[] = [];
  const server = createHttpServer((_req, res) => {
    closed.push(once(res, "close").then(() => undefined));
    respond(res);
  }, timeouts);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  cleanups.push(() => {
    server.closeAllConnections();
    server.close();
  });
  return { port: (server.address() as AddressInfo).port, closed };
}

function request(port: number): Socket {
  const socket = connect(port, "127.0.0.1");
  socket.write("GET /api/v1/events HTTP/1.1\r\nHost: localhost\r\n\r\n");
  cleanups.push(() => socket.destroy());
  return socket;
}

// Writes as hono's adapter does (waiting for 'drain' when a write is refused) until the response closes.
async function writeForever(res: ServerResponse, chunk: Buffer): Promise<void> {
  res.writeHead(200, { "content-type": "text/event-stream" });
  const gone = once(res, "close");
  while (!res.destroyed) {
    if (!res.write(chunk)) await Promise.race([once(res, "drain"), gone]);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isOpen = async (closed: Promise<unknown>, withinMs: number) =>
  Promise.race([closed.then(() => false), sleep(withinMs).then(() => true)]);

describe("the explorer's HTTP server", () => {
  it("destroys a connection whose client stopped reading, once nothing more can be written", async () => {
    const { port, closed } = await serve((res) => void writeForever(res, Buffer.alloc(64 * 1024, 0x61)));
    const socket = request(port);
    socket.pause(); // reads nothing: the kernel's buffers fill, then every write waits for a drain that never comes
    await once(socket, "connect");
    while (closed.length === 0) await sleep(10);
    expect(await isOpen(closed[0] as Promise<void>, 10 * STALLED_MS)).toBe(false);
  });

  it("keeps a stream that is read, however long it lasts, and one quiet but for a heartbeat", async () => {
    const { port, closed } = await serve((res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      const heartbeat = setInterval(() => res.write(": heartbeat\n\n"), STALLED_MS / 4);
      res.once("close", () => clearInterval(heartbeat));
    });
    const socket = request(port);
    let received = 0;
    socket.on("data", (chunk: Buffer) => (received += chunk.byteLength));
    await once(socket, "connect");
    while (closed.length === 0) await sleep(10);
    expect(await isOpen(closed[0] as Promise<void>, 4 * STALLED_MS)).toBe(true);
    expect(received).toBeGreaterThan(0);
  });

  it("closes a connection that sends nothing at all", async () => {
    const { port } = await serve((res) => res.end());
    const socket = connect(port, "127.0.0.1");
    cleanups.push(() => socket.destroy());
    await once(socket, "connect");
    socket.resume();
    expect(await isOpen(once(socket, "close"), 10 * STALLED_MS)).toBe(false);
  });
});
