import { execFileSync } from "node:child_process";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matchRoute, routeTable, type RouteModule } from "@/server/api/route-table";
import { API_CSP, SECURITY_HEADERS } from "@/lib/security/headers";
import { API_ROUTES } from "@/app/api/routes";
import { withApiFront } from "./api-front";

describe("API_ROUTES", () => {
  it("names every route.ts under app/api exactly once, by its folders, with the module in that folder", async () => {
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "app/api"], {
      encoding: "utf8",
    })
      .split("\n")
      .filter((f) => f.endsWith("/route.ts"));
    const patterns = files.map((f) => `/${path.dirname(f).slice("app/".length)}`);
    expect(API_ROUTES.map((r) => r.pattern).sort()).toEqual([...patterns].sort());
    for (const [i, file] of files.entries()) {
      const route = API_ROUTES.find((r) => r.pattern === patterns[i]);
      expect(route?.module).toBe(await import(path.resolve(file)));
    }
  });
});

describe("matchRoute", () => {
  const mod = (name: string): RouteModule => ({ GET: () => new Response(name) });
  const routes = routeTable([
    ["/api/v1/runs/[runId]", mod("run")],
    ["/api/v1/runs/[runId]/progress", mod("progress")],
    ["/api/v1/runs/latest", mod("latest")],
    ["/api/v1/runs", mod("runs")],
  ]);
  const name = (pathname: string) => {
    const m = matchRoute(routes, pathname);
    return m && { pattern: m.route.pattern, params: m.params };
  };

  it("matches literal folders before parameters, and decodes parameters", () => {
    expect(name("/api/v1/runs/latest")).toEqual({ pattern: "/api/v1/runs/latest", params: {} });
    expect(name("/api/v1/runs/a%20b")).toEqual({ pattern: "/api/v1/runs/[runId]", params: { runId: "a b" } });
    expect(name("/api/v1/runs/x/progress")).toEqual({
      pattern: "/api/v1/runs/[runId]/progress",
      params: { runId: "x" },
    });
  });

  it("hands a badly encoded parameter over as sent, for the handler to refuse", () => {
    expect(name("/api/v1/runs/%E0%A4%A")?.params).toEqual({ runId: "%E0%A4%A" });
  });

  it("knows nothing of other paths, trailing slashes or empty parameters", () => {
    expect(name("/api/v1/runz")).toBeNull();
    expect(name("/api/v1/runs/")).toBeNull();
    expect(name("/api/v1/runs/x/progress/more")).toBeNull();
    expect(name("/api/v1/runs//progress")).toBeNull();
    expect(name("/api/v1/run%73/latest")).toBeNull();
  });

  it("ranks literal folders before parameters position by position", () => {
    const crossed = routeTable([
      ["/t/[a]/x", mod("a")],
      ["/t/y/[b]", mod("b")],
    ]);
    expect(matchRoute(crossed, "/t/y/x")?.route.pattern).toBe("/t/y/[b]");
    expect(matchRoute(crossed, "/t/z/x")?.params).toEqual({ a: "z" });
  });

  it("refuses folder forms it cannot serve", () => {
    expect(() => routeTable([["/api/[...rest]", mod("x")]])).toThrow(/only literal and \[param\]/);
  });
});

// A real HTTP server with the front before a fallback, on loopback.
interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function send(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        method: options.method ?? "GET",
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

describe("withApiFront", () => {
  let server: Server;
  let port: number;
  const errors: unknown[] = [];
  let streamAborted: Promise<void> = Promise.resolve();

  beforeAll(async () => {
    let markAborted = () => undefined as void;
    streamAborted = new Promise<void>((resolve) => (markAborted = resolve));
    const big = { rows: Array.from({ length: 500 }, (_, i) => ({ i, text: "the same row again" })) };
    const routes = routeTable([
      [
        "/api/echo/[name]",
        {
          GET: async (request, { params }) =>
            Response.json({ name: (await params).name, url: new URL(request.url).search, big }),
          POST: async (request) =>
            Response.json({ got: await request.text(), type: request.headers.get("content-type") }),
        },
      ],
      [
        "/api/stream",
        {
          GET: (request) => {
            request.signal.addEventListener("abort", () => markAborted());
            const encoder = new TextEncoder();
            const body = new ReadableStream<Uint8Array>({
              start(controller) {
                controller.enqueue(encoder.encode("data: first\n\n"));
              },
            });
            return new Response(body, { headers: { "content-type": "text/event-stream" } });
          },
        },
      ],
      [
        "/api/broken",
        {
          GET: () => {
            throw new Error("past the wrapper");
          },
        },
      ],
    ]);
    const front = withApiFront(
      routes,
      (req, res) => void res.writeHead(299, { "x-fallback": "yes" }).end(req.url),
      (error) => errors.push(error),
    );
    server = createServer((req, res) => void front(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("calls the route's handler with its params and adds the security headers and the API's CSP", async () => {
    const answer = await send(port, { path: "/api/echo/hello%21?x=1" });
    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.body.toString()) as { name: string; url: string };
    expect(body).toMatchObject({ name: "hello!", url: "?x=1" });
    expect(answer.headers["content-security-policy"]).toBe(API_CSP);
    for (const { key, value } of SECURITY_HEADERS) expect(answer.headers[key.toLowerCase()]).toBe(value);
    expect(answer.headers["content-encoding"]).toBeUndefined();
  });

  it("gzips when the client accepts it", async () => {
    const answer = await send(port, { path: "/api/echo/z", headers: { "accept-encoding": "gzip" } });
    expect(answer.headers["content-encoding"]).toBe("gzip");
    expect(answer.headers.vary).toMatch(/Accept-Encoding/i);
    expect(JSON.parse(gunzipSync(answer.body).toString())).toMatchObject({ name: "z" });
  });

  it("passes the request body through", async () => {
    const answer = await send(port, {
      method: "POST",
      path: "/api/echo/p",
      headers: { "content-type": "application/json" },
      body: '{"a":1}',
    });
    expect(JSON.parse(answer.body.toString())).toEqual({ got: '{"a":1}', type: "application/json" });
  });

  it("answers HEAD from GET without a body, OPTIONS with 204 and other methods with 405, naming what is allowed", async () => {
    const head = await send(port, { method: "HEAD", path: "/api/echo/h" });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    const options = await send(port, { method: "OPTIONS", path: "/api/echo/h" });
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe("GET, HEAD, POST, OPTIONS");
    const del = await send(port, { method: "DELETE", path: "/api/stream" });
    expect(del.status).toBe(405);
    expect(del.headers.allow).toBe("GET, HEAD, OPTIONS");
  });

  it("hands pages and unknown API paths to the fallback", async () => {
    for (const p of ["/leaderboard", "/api/nothing-here", "/api/echo/", "/_next/static/x.js"]) {
      const answer = await send(port, { path: p });
      expect(answer.status).toBe(299);
      expect(answer.body.toString()).toBe(p);
    }
  });

  it("answers a handler's escaped error with the documented 500 and reports it", async () => {
    const answer = await send(port, { path: "/api/broken" });
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body.toString())).toMatchObject({ error: { code: "internal_error" } });
    expect(errors.map(String)).toContain("Error: past the wrapper");
  });

  it("streams events uncompressed as they come, and aborts the request when the client goes away", async () => {
    const first = await new Promise<{ encoding: string | undefined; chunk: string }>((resolve, reject) => {
      const req = httpRequest(
        { host: "127.0.0.1", port, path: "/api/stream", headers: { "accept-encoding": "gzip" } },
        (res) => {
          res.once("data", (c: Buffer) => {
            resolve({ encoding: res.headers["content-encoding"], chunk: c.toString() });
            req.destroy();
          });
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(first).toEqual({ encoding: undefined, chunk: "data: first\n\n" });
    await streamAborted;
  });
});

describe("withApiFront with API_ROUTES", () => {
  it("serves app/api's modules: the liveness route answers through the front", async () => {
    const front = withApiFront(
      API_ROUTES,
      (_req, res) => void res.writeHead(404).end(),
      () => undefined,
    );
    const server = createServer((req, res) => void front(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const answer = await send((server.address() as AddressInfo).port, { path: "/api/health" });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body.toString())).toMatchObject({ status: "ok" });
      expect(answer.headers["x-request-id"]).toBeTruthy();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
