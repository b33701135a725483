import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { withPageCache } from "./page-cache";

// The page micro-cache in front of a stand-in for Next's handler: what is cached, for how long, and that a
// burst of readers shares one render.

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(ttlMs: number, clock: { t: number }, status = 200, cookie = false, nonce = "") {
  let renders = 0;
  const handler = withPageCache(
    async (req, res) => {
      renders++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (cookie) res.setHeader("set-cookie", "a=b");
      if (nonce) res.setHeader("content-security-policy", `script-src 'nonce-${nonce}'`);
      // What the client may take: the cache asks for an uncompressed render.
      res.setHeader("x-accept-encoding", String(req.headers["accept-encoding"] ?? "none"));
      res.writeHead(status, { "content-type": "text/html" });
      res.write(`<p>render ${renders} `);
      res.end(`of ${req.url}${nonce ? ` <script nonce="${nonce}"></script>` : ""}</p>`);
    },
    ttlMs,
    () => clock.t,
  );
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, renders: () => renders };
}

describe("withPageCache", () => {
  it("renders a burst of readers of one page once, and every reader gets the same bytes", async () => {
    const clock = { t: 0 };
    const { base, renders } = await serve(1000, clock);
    const bodies = await Promise.all(
      Array.from({ length: 10 }, () => fetch(`${base}/leaderboard`).then((r) => r.text())),
    );
    expect(new Set(bodies)).toEqual(new Set(["<p>render 1 of /leaderboard</p>"]));
    expect(renders()).toBe(1);
    const again = await fetch(`${base}/leaderboard`);
    expect(again.headers.get("content-type")).toBe("text/html");
    expect(await again.text()).toBe("<p>render 1 of /leaderboard</p>");
  });

  it("renders again once the entry is older than the TTL, and per URL", async () => {
    const clock = { t: 0 };
    const { base, renders } = await serve(1000, clock);
    await (await fetch(`${base}/`)).text();
    await (await fetch(`${base}/?sort=ttft`)).text();
    expect(renders()).toBe(2);
    clock.t = 1001;
    expect(await (await fetch(`${base}/`)).text()).toBe("<p>render 3 of /</p>");
  });

  it("never caches the API, client navigations, requests with cookies, errors or answers that set cookies", async () => {
    const clock = { t: 0 };
    const api = await serve(1000, clock);
    await (await fetch(`${api.base}/api/v1/king`)).text();
    await (await fetch(`${api.base}/api/v1/king`)).text();
    await (await fetch(`${api.base}/`, { headers: { rsc: "1" } })).text();
    await (await fetch(`${api.base}/`, { headers: { rsc: "1" } })).text();
    await (await fetch(`${api.base}/`, { headers: { cookie: "theme=dark" } })).text();
    await (await fetch(`${api.base}/`, { headers: { cookie: "theme=dark" } })).text();
    expect(api.renders()).toBe(6);
    await new Promise<void>((resolve) => server?.close(() => resolve()));

    const failing = await serve(1000, clock, 500);
    await (await fetch(`${failing.base}/`)).text();
    await (await fetch(`${failing.base}/`)).text();
    expect(failing.renders()).toBe(2);
    await new Promise<void>((resolve) => server?.close(() => resolve()));

    const cookies = await serve(1000, clock, 200, true);
    await (await fetch(`${cookies.base}/`)).text();
    await (await fetch(`${cookies.base}/`)).text();
    expect(cookies.renders()).toBe(2);
  });

  it("gives every answer a fresh CSP nonce, in the header and the body", async () => {
    const clock = { t: 0 };
    const { base, renders } = await serve(1000, clock, 200, false, "bm9uY2UtMQ==");
    const first = await fetch(`${base}/`);
    expect(first.headers.get("x-accept-encoding")).toBe("none");
    await first.text();
    const answers = await Promise.all([fetch(`${base}/`), fetch(`${base}/`)]);
    const nonces = await Promise.all(
      answers.map(async (answer) => {
        const header = /'nonce-([^']+)'/.exec(answer.headers.get("content-security-policy") ?? "")?.[1];
        const body = await answer.text();
        expect(body).toBe(`<p>render 1 of / <script nonce="${header}"></script></p>`);
        return header;
      }),
    );
    expect(renders()).toBe(1);
    expect(new Set(["bm9uY2UtMQ==", ...nonces]).size).toBe(3);
  });

  it("answers a replayed HEAD with the page's length and no body", async () => {
    const clock = { t: 0 };
    const { base } = await serve(1000, clock, 200, false, "bm9uY2UtMQ==");
    const plain = { "accept-encoding": "identity" };
    await (await fetch(`${base}/`, { headers: plain })).text();
    const get = await fetch(`${base}/`, { headers: plain }); // a replay: its nonce is as long as any replay's
    const page = await get.text();
    expect(get.headers.get("content-length")).toBe(String(Buffer.byteLength(page)));
    await fetch(`${base}/`, { method: "HEAD", headers: plain }); // HEAD is cached apart from GET: this renders
    const head = await fetch(`${base}/`, { method: "HEAD", headers: plain });
    expect(head.headers.get("content-length")).toBe(String(Buffer.byteLength(page)));
    expect(await head.text()).toBe("");
  });

  it("compresses a replay for a client that accepts gzip", async () => {
    const clock = { t: 0 };
    const { base } = await serve(1000, clock);
    await (await fetch(`${base}/`)).text();
    // fetch decompresses by itself; the header says it was sent compressed.
    const answer = await fetch(`${base}/`, { headers: { "accept-encoding": "gzip" } });
    expect(answer.headers.get("content-encoding")).toBe("gzip");
    expect(await answer.text()).toBe("<p>render 1 of /</p>");
  });
  it("compresses the render's own answer on the fly, and caches the page itself", async () => {
    const clock = { t: 0 };
    const { base, renders } = await serve(1000, clock, 200, false, "bm9uY2UtMQ==");
    const first = await fetch(`${base}/`, { headers: { "accept-encoding": "gzip" } });
    expect(first.headers.get("content-encoding")).toBe("gzip");
    expect(first.headers.get("vary")).toBe("Accept-Encoding");
    expect(await first.text()).toBe(`<p>render 1 of / <script nonce="bm9uY2UtMQ=="></script></p>`);
    // A reader without gzip gets the cached page as rendered, with its own nonce, and nothing re-rendered.
    const plain = await fetch(`${base}/`, { headers: { "accept-encoding": "identity" } });
    expect(plain.headers.get("content-encoding")).toBeNull();
    const nonce = /'nonce-([^']+)'/.exec(plain.headers.get("content-security-policy") ?? "")?.[1];
    expect(await plain.text()).toBe(`<p>render 1 of / <script nonce="${nonce}"></script></p>`);
    expect(renders()).toBe(1);
  });
});
