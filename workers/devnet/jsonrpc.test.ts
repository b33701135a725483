import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startDevnet, type RunningDevnet } from "./server";

describe("devnet JSON-RPC over WebSocket", () => {
  let running: RunningDevnet;
  let ws: WebSocket;
  const received: unknown[] = [];

  beforeAll(async () => {
    running = await startDevnet({ genesisTime: 1_750_000_000_000 });
    ws = new WebSocket(running.url);
    ws.on("message", (data) => received.push(JSON.parse(String(data))));
    await new Promise((resolve) => ws.once("open", resolve));
  });

  afterAll(async () => {
    ws?.close();
    await running?.stop();
  });

  // Sends raw text and resolves with the next message the server sends back.
  async function exchange(text: string): Promise<unknown> {
    const before = received.length;
    ws.send(text);
    await expect.poll(() => received.length).toBeGreaterThan(before);
    return received[before];
  }

  it("answers a known method with its result", async () => {
    expect(await exchange('{"jsonrpc":"2.0","id":1,"method":"system_chain","params":[]}')).toEqual({
      jsonrpc: "2.0",
      id: 1,
      result: "Cacheon Devnet",
    });
  });

  it.each([
    ['{"jsonrpc":"2.0","id":2,"method":"author_submitExtrinsic","params":["0x00"]}', -32601],
    ['{"jsonrpc":"2.0","id":3,"method":"chain_getHeader","params":["0x1234"]}', -32000],
    ['{"jsonrpc":"2.0","id":4,"method":"dev_registerNeuron","params":[{"hotkey":"x"}]}', -32602],
    ['{"jsonrpc":"2.0","id":5}', -32600],
    ["{not json", -32700],
  ])("answers %s with error %i", async (text, code) => {
    expect(await exchange(text)).toMatchObject({ error: { code } });
  });

  it("answers a batch in order and skips notifications", async () => {
    const batch = [
      { jsonrpc: "2.0", id: 10, method: "system_name" },
      { jsonrpc: "2.0", method: "system_name" },
      { jsonrpc: "2.0", id: 11, method: "chain_getBlockHash", params: [0] },
    ];
    const answer = await exchange(JSON.stringify(batch));
    expect(answer).toEqual([
      { jsonrpc: "2.0", id: 10, result: "cacheon-devnet" },
      { jsonrpc: "2.0", id: 11, result: running.devnet.chain.block(0)?.hash },
    ]);
  });

  it("lists the Substrate methods it serves", async () => {
    const answer = await exchange('{"jsonrpc":"2.0","id":20,"method":"rpc_methods"}');
    expect(answer).toMatchObject({
      result: { methods: expect.arrayContaining(["state_call", "chain_subscribeFinalizedHeads"]) },
    });
  });
});
