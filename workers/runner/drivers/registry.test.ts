import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { imageBlobs, imageSize, parseBearerChallenge, registryLocation, RegistryError } from "./registry";

// A fake registry with Docker Hub's anonymous token dance and a multi-platform index.

const sha = (s: string) => `sha256:${createHash("sha256").update(s).digest("hex")}`;
const amd64 = JSON.stringify({
  schemaVersion: 2,
  config: { size: 1_000 },
  layers: [
    { digest: `sha256:${"1".repeat(64)}`, size: 4e9 },
    { digest: `sha256:${"2".repeat(64)}`, size: 3e9 },
  ],
});
const index = JSON.stringify({
  manifests: [
    { digest: sha("arm"), platform: { os: "linux", architecture: "arm64" } },
    { digest: sha(amd64), platform: { os: "linux", architecture: "amd64" } },
  ],
});
const blobs = new Map([
  [sha(amd64), amd64],
  [sha(index), index],
  [sha("tampered"), "{}"],
]);

const tokenLogins: (string | null)[] = [];
let server: http.Server;
let host: string;
const ref = () => ({ domain: host, path: "alice/fast" });

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/token") {
      expect(url.searchParams.get("scope")).toBe("repository:alice/fast:pull");
      tokenLogins.push(req.headers.authorization ?? null);
      return res.end(JSON.stringify({ token: "t0k" }));
    }
    if (req.headers.authorization !== "Bearer t0k") {
      res.setHeader(
        "www-authenticate",
        `Bearer realm="http://${host}/token",service="fake",scope="repository:alice/fast:pull"`,
      );
      return res.writeHead(401).end();
    }
    const digest = url.pathname.split("/").at(-1) ?? "";
    if (digest === sha("rate-limited")) return res.writeHead(429).end();
    if (digest === sha("outage")) return res.writeHead(503).end();
    const blob = blobs.get(digest);
    if (blob === undefined) return res.writeHead(404).end();
    res.end(blob);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

describe("imageSize", () => {
  it("resolves an index to linux/amd64 and sums config and layers, after an anonymous token", async () => {
    expect(await imageSize(ref(), sha(index), { insecure: [host] })).toBe(7e9 + 1_000);
  });

  it("lists each layer's digest and size, for a pull's progress", async () => {
    expect((await imageBlobs(ref(), sha(index), { insecure: [host] })).layers).toEqual([
      { digest: `sha256:${"1".repeat(64)}`, size: 4e9 },
      { digest: `sha256:${"2".repeat(64)}`, size: 3e9 },
    ]);
  });

  it("refuses a manifest whose bytes do not hash to the digest", async () => {
    await expect(imageSize(ref(), sha("tampered"), { insecure: [host] })).rejects.toMatchObject({
      kind: "invalid",
    });
  });

  it("reports a missing manifest and an unreachable registry", async () => {
    await expect(imageSize(ref(), sha("nothing"), { insecure: [host] })).rejects.toMatchObject({
      kind: "not_found",
    });
    const error = await imageSize({ domain: "127.0.0.1:1", path: "x/y" }, sha("x"), {
      insecure: ["127.0.0.1:1"],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).kind).toBe("unreachable");
  });
});

describe("imageSize: whose fault", () => {
  it("reads a rate limit and an outage as the registry's, never as a missing image", async () => {
    for (const digest of [sha("rate-limited"), sha("outage")]) {
      await expect(imageSize(ref(), digest, { insecure: [host] })).rejects.toMatchObject({
        kind: "unreachable",
      });
    }
  });

  it("asks for the pull token with the validator's docker login", async () => {
    tokenLogins.length = 0;
    await imageSize(ref(), sha(amd64), {
      insecure: [host],
      credentials: async (registry) => (registry === host ? { username: "vali", password: "s3cret" } : null),
    });
    expect(tokenLogins).toEqual([`Basic ${Buffer.from("vali:s3cret").toString("base64")}`]);
  });
});

describe("registry helpers", () => {
  it("maps Docker Hub's implicit forms", () => {
    expect(registryLocation({ domain: null, path: "ubuntu" })).toEqual({
      host: "registry-1.docker.io",
      repository: "library/ubuntu",
    });
    expect(registryLocation({ domain: "docker.io", path: "alice/x" })).toEqual({
      host: "registry-1.docker.io",
      repository: "alice/x",
    });
    expect(registryLocation({ domain: "ghcr.io", path: "bob/y" })).toEqual({
      host: "ghcr.io",
      repository: "bob/y",
    });
  });

  it("parses a bearer challenge", () => {
    expect(
      parseBearerChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io"'),
    ).toEqual({
      realm: "https://auth.docker.io/token",
      service: "registry.docker.io",
    });
    expect(parseBearerChallenge("Basic realm=x")).toBeNull();
  });
});
