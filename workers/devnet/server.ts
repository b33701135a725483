// startDevnet: the devnet behind a WebSocket JSON-RPC endpoint that @polkadot/api's WsProvider connects to.
import type { IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import { Devnet, type DevnetConfig } from "./devnet";
import { INTERNAL_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, PARSE_ERROR, RpcError } from "./errors";
import { buildDevnetMetadata, type DevnetMetadata } from "./metadata/build";
import { devMethods } from "./rpc/dev";
import { headerJson, substrateMethods, type Handler } from "./rpc/substrate";
import { SubscriptionHub, type Subscriber } from "./rpc/subscriptions";
import { runtimeVersion } from "./runtime/runtime-api";
import { SPEC_NAME } from "./chain";

export interface DevnetOptions extends Partial<Omit<DevnetConfig, "blockTimeMs">> {
  // 0 (the default) picks a free port.
  port?: number;
  host?: string;
  // Finalized blocks whose state is kept (a pruned node; finney's public nodes keep 256); unset: an archive.
  statePruning?: number;
  // Produce a block every blockMs; 0 (the default) produces blocks only on dev_newBlock / dev_advanceEpoch.
  blockMs?: number;
  // Chain milliseconds per wall-clock millisecond when blocks come on a timer: Timestamp.Now advances by
  // blockMs × timeScale per block. Without it (or without a timer) every block is 12 s apart, as on finney.
  timeScale?: number;
  log?: (line: string) => void;
}

export interface RunningDevnet {
  url: string;
  /** The same chain served with every block's state whatever `statePruning` says: an archive node beside it. */
  archiveUrl: string;
  port: number;
  devnet: Devnet;
  /**
   * While on, subscribers hear of no new block although the connections stay open and keep answering calls:
   * a node whose finality stalled, or a subscription lost on the way.
   */
  silence(on: boolean): void;
  // Idempotent: closes every connection, stops the block timer and the server.
  stop(): Promise<void>;
}

const FINNEY_BLOCK_MS = 12_000;
// A well-known dev account (//Alice) as the subnet's owner coldkey.
const ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

const ARCHIVE_PATH = "/archive";

let sharedMetadata: DevnetMetadata | undefined;

// Building the metadata takes most of a second and is the same for every devnet in a process.
function metadata(): DevnetMetadata {
  sharedMetadata ??= buildDevnetMetadata();
  return sharedMetadata;
}

function config(o: DevnetOptions): DevnetConfig {
  const blockMs = o.blockMs ?? 0;
  return {
    netuid: o.netuid ?? 14,
    tempo: o.tempo ?? 360,
    maxUids: o.maxUids ?? 256,
    immunityPeriod: o.immunityPeriod ?? 4096,
    genesisTime: o.genesisTime ?? Math.floor(Date.now() / 1000) * 1000,
    blockTimeMs:
      o.timeScale && blockMs > 0 ? Math.max(1, Math.round(blockMs * o.timeScale)) : FINNEY_BLOCK_MS,
    finalityLag: o.finalityLag ?? 0,
    specVersion: o.specVersion ?? 424,
    alphaPerBlock: o.alphaPerBlock ?? 1_000_000_000n,
    // About 0.0095 TAO per alpha: with 1 alpha a block, a king earns on the order of 28 TAO a day. The pool is
    // a balancer with unequal weights (quote 0.6: w_base / w_quote = 2/3), so the reserves ratio alone is off.
    taoIn: o.taoIn ?? 14_250_000_000_000n,
    alphaIn: o.alphaIn ?? 1_000_000_000_000_000n,
    subnetOwner: o.subnetOwner ?? ALICE,
    scheduling: o.scheduling ?? "stateful",
    swapQuoteWeight: o.swapQuoteWeight ?? 600_000_000_000_000_000n,
  };
}

interface Request {
  id?: unknown;
  method?: unknown;
  params?: unknown;
}

function asRequest(value: unknown): Request | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value : null;
}

// A well-formed request without an id expects no answer; a malformed one still gets an error.
function isNotification(value: unknown): boolean {
  const req = asRequest(value);
  return req !== null && !("id" in req) && typeof req.method === "string";
}

const failure = (id: unknown, code: number, message: string) => ({
  jsonrpc: "2.0",
  id,
  error: { code, message },
});

function answer(
  methods: Record<string, Handler>,
  value: unknown,
  caller: Subscriber,
  log: (l: string) => void,
): unknown {
  const req = asRequest(value);
  const id = req?.id ?? null;
  if (!req || typeof req.method !== "string") return failure(id, INVALID_REQUEST, "Invalid request");
  const handler = methods[req.method];
  if (!handler) return failure(id, METHOD_NOT_FOUND, `Method not found: ${req.method}`);
  const params = Array.isArray(req.params) ? req.params : req.params === undefined ? [] : [req.params];
  try {
    return { jsonrpc: "2.0", id, result: handler(params, caller) ?? null };
  } catch (error) {
    if (error instanceof RpcError) return failure(id, error.code, error.message);
    const message = error instanceof Error ? error.message : String(error);
    log(`devnet: ${req.method} failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
    return failure(id, INTERNAL_ERROR, message);
  }
}

export async function startDevnet(options: DevnetOptions = {}): Promise<RunningDevnet> {
  const log = options.log ?? (() => undefined);
  const meta = metadata();
  const devnet = new Devnet(meta, config(options));
  const chain = devnet.chain;
  const hub = new SubscriptionHub({
    header: headerJson,
    runtimeVersion: (block) => runtimeVersion(SPEC_NAME, block.specVersion),
    storage: (block, keys) => keys.map((key) => [key, chain.readRaw(key, block.number)]),
  });
  let silent = false;
  chain.onBlock((block, changes) => {
    if (!silent) hub.onBlock(block, chain.finalized, changes);
  });

  const methodsFor = (statePruning: number | undefined): Record<string, Handler> => {
    const substrate = substrateMethods(devnet, meta.bytes, hub, { statePruning });
    return {
      ...substrate,
      ...devMethods(devnet),
      // dev_* stay unlisted: polkadot.js warns about every listed method it has no definition for.
      rpc_methods: () => ({ version: 1, methods: ["rpc_methods", ...Object.keys(substrate)].sort() }),
    };
  };
  const served = methodsFor(options.statePruning);
  const archived = methodsFor(undefined);

  const wss = new WebSocketServer({ port: options.port ?? 0, host: options.host ?? "127.0.0.1" });
  await new Promise<void>((resolve, reject) => {
    wss.once("listening", resolve);
    wss.once("error", reject);
  });
  wss.on("connection", (ws: WebSocket, request: IncomingMessage) => {
    const methods = request.url === ARCHIVE_PATH ? archived : served;
    const caller: Subscriber = {
      send: (message) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
      },
    };
    ws.on("message", (data) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(data));
      } catch {
        caller.send({ jsonrpc: "2.0", id: null, error: { code: PARSE_ERROR, message: "Parse error" } });
        return;
      }
      const batch = Array.isArray(parsed);
      const requests: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
      // Requests without an id are notifications and get no answer.
      const answers = requests.flatMap((req) =>
        isNotification(req) ? [] : [answer(methods, req, caller, log)],
      );
      if (answers.length) caller.send(batch ? answers : answers[0]);
    });
    ws.on("close", () => hub.drop(caller));
  });

  const blockMs = options.blockMs ?? 0;
  const timer =
    blockMs > 0
      ? setInterval(() => {
          try {
            devnet.newBlocks(1);
          } catch (error) {
            log(`devnet: block production failed: ${String(error)}`);
          }
        }, blockMs)
      : null;

  const { port } = wss.address() as AddressInfo;
  let stopped: Promise<void> | null = null;
  const stop = () => {
    stopped ??= new Promise<void>((resolve) => {
      if (timer) clearInterval(timer);
      for (const client of wss.clients) client.terminate();
      wss.close(() => resolve());
    });
    return stopped;
  };
  log(`devnet: ${chain.head.hash} genesis, listening on ws://${options.host ?? "127.0.0.1"}:${port}`);
  const url = `ws://${options.host ?? "127.0.0.1"}:${port}`;
  const silence = (on: boolean) => {
    silent = on;
  };
  return { url, archiveUrl: `${url}${ARCHIVE_PATH}`, port, devnet, silence, stop };
}
