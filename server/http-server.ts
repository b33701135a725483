import { createServer, type RequestListener, type Server } from "node:http";

export interface ConnectionTimeouts {
  /** How long an idle keep-alive connection is kept between requests. */
  readonly keepAliveMs: number;
  /** How long a client may take to send a request's headers. */
  readonly headersMs: number;
  /** How long a connection may go without any byte read or written before it is destroyed. */
  readonly stalledMs: number;
}

export const CONNECTION_TIMEOUTS: ConnectionTimeouts = {
  // Clients keep their connections for a minute (they honour Keep-Alive: timeout=65): Node accepts one new
  // connection per turn of its event loop, so under load a client that has to reconnect waits in the listen
  // queue (seconds, past a signed write's 8 s window). Longer than a load balancer's usual 60 s idle timeout.
  keepAliveMs: 65_000,
  headersMs: 66_000,
  // An event stream whose client stopped reading (a dead peer, or one that does it on purpose) fills the
  // kernel's send buffer (megabytes a socket on loopback), then the route's own queue, and would hold both,
  // and a file descriptor, for as long as the process runs. Once nothing can be written, the socket falls
  // silent, and is destroyed after two silent periods at most (Node lets a write that moved since the last
  // check have one more): 2–4 minutes. A live stream is never silent that long (a heartbeat every 15 s), nor
  // is an idle keep-alive connection (closed after 65 s).
  stalledMs: 120_000,
};

/** The explorer's HTTP server: `listener` behind the connection timeouts above. */
export function createHttpServer(
  listener: RequestListener,
  timeouts: ConnectionTimeouts = CONNECTION_TIMEOUTS,
): Server {
  const server = createServer(listener);
  server.keepAliveTimeout = timeouts.keepAliveMs;
  server.headersTimeout = timeouts.headersMs;
  // With no 'timeout' listener, Node destroys a socket that has been silent this long.
  server.timeout = timeouts.stalledMs;
  return server;
}
