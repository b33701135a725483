import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SignedRequestSpec } from "@/server/api/test-support/signing";
import { postWithWrk } from "./ingest-wrk";

// The ingest row's load generator against a plain HTTP server that records what arrives: each request is sent
// exactly once, whole, and the answers are counted by status.

const received: { uuid: string; body: string; contentType: string | undefined }[] = [];
let server: Server;
let url: URL;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      const uuid = String(req.headers["epistula-uuid"]);
      received.push({ uuid, body, contentType: req.headers["content-type"] });
      // Every seventh is refused, to see statuses counted and the first refusal reported.
      const refused = Number(uuid.split("-")[1]) % 7 === 0;
      res.writeHead(refused ? 409 : 201, { "content-type": "application/json" });
      res.end(JSON.stringify(refused ? { error: `conflict ${uuid}` } : { stored: uuid }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/runs`);
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

function requests(count: number): SignedRequestSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    url: "http://explorer.test/api/v1/runs",
    method: "POST",
    headers: { "content-type": "application/json", "epistula-uuid": `run-${i}` },
    // Bodies of different sizes, some past a socket read, so framing errors would show.
    body: new TextEncoder().encode(JSON.stringify({ i, pad: "x".repeat((i * 997) % 20_000) })),
  }));
}

describe("postWithWrk", () => {
  it("sends each request exactly once and whole, and counts the answers by status", async () => {
    received.length = 0;
    const sent = requests(300);
    const batch = await postWithWrk(url, sent, 16);

    expect(received.map((r) => r.uuid).sort()).toEqual(sent.map((r) => r.headers["epistula-uuid"]).sort());
    const bodies = new Map(received.map((r) => [r.uuid, r.body]));
    for (const spec of sent) {
      expect(bodies.get(spec.headers["epistula-uuid"] as string)).toBe(
        new TextDecoder().decode(spec.body as Uint8Array),
      );
    }
    expect(received.every((r) => r.contentType === "application/json")).toBe(true);

    const refused = sent.filter((_, i) => i % 7 === 0).length;
    expect(Object.fromEntries(batch.statuses)).toEqual({ 201: 300 - refused, 409: refused });
    expect(batch.firstError).toMatch(/^409: \{"error":"conflict run-\d+"\}$/);
    expect(batch.seconds).toBeGreaterThan(0);
    expect(batch.cpuSeconds).toBeGreaterThanOrEqual(0);
  });

  it("sends fewer requests than connections", async () => {
    received.length = 0;
    const batch = await postWithWrk(url, requests(3).slice(1), 64);
    expect(received.map((r) => r.uuid).sort()).toEqual(["run-1", "run-2"]);
    expect(Object.fromEntries(batch.statuses)).toEqual({ 201: 2 });
    expect(batch.firstError).toBe("");
  });
});
