// The devnet as a pruned node: every call that reads a block's state refuses a block older than the window
// with the error a real node answers (sc-rpc-api's 4003 wrapping sc-client-db's UnknownBlock), metadata and
// runtime calls included; headers and hashes stay available, and the archive path serves everything.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startDevnet, type RunningDevnet } from "./server";

const KEPT = 16;
// Timestamp.Now, a key every block writes.
const TIMESTAMP_NOW = "0xf0c365c3cf59d671eb72da0e7a4113c49f1f0515f462cdcf84e0f1d6045dfcbb";

async function call(
  url: string,
  method: string,
  params: unknown[],
): Promise<{ result?: unknown; error?: unknown }> {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  try {
    const answer = new Promise<string>((resolve) => ws.once("message", (data) => resolve(String(data))));
    ws.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }));
    return JSON.parse(await answer) as { result?: unknown; error?: unknown };
  } finally {
    ws.close();
  }
}

describe("devnet state pruning", () => {
  let running: RunningDevnet;
  let old: string;
  let recent: string;

  beforeAll(async () => {
    running = await startDevnet({ genesisTime: 1_750_000_000_000, statePruning: KEPT });
    running.devnet.newBlocks(40);
    const head = running.devnet.chain.head.number;
    old = running.devnet.chain.block(head - KEPT)?.hash ?? "";
    recent = running.devnet.chain.block(head - KEPT + 1)?.hash ?? "";
  });
  afterAll(() => running?.stop());

  it.each([
    ["state_getMetadata", (h: string) => [h]],
    ["state_getRuntimeVersion", (h: string) => [h]],
    ["state_getStorage", (h: string) => [TIMESTAMP_NOW, h]],
    ["state_queryStorageAt", (h: string) => [[TIMESTAMP_NOW], h]],
    ["state_getKeysPaged", (h: string) => ["0x", 10, null, h]],
    ["state_call", (h: string) => ["Core_version", "0x", h]],
  ])("%s refuses a discarded block as a real node does and serves a kept one", async (method, params) => {
    expect(await call(running.url, method, params(old))).toMatchObject({
      error: { code: 4003, message: `Client error: UnknownBlock: State already discarded for ${old}` },
    });
    expect(await call(running.url, method, params(recent))).toHaveProperty("result");
    expect(await call(running.archiveUrl, method, params(old))).toHaveProperty("result");
  });

  it("keeps serving headers and hashes of blocks whose state it discarded", async () => {
    expect(await call(running.url, "chain_getHeader", [old])).toMatchObject({ result: { number: "0x18" } });
    expect(await call(running.url, "chain_getBlockHash", [0])).toHaveProperty("result");
  });
});
