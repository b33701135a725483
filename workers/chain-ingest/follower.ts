import { ApiPromise, WsProvider } from "@polkadot/api";
import type { Header } from "@polkadot/types/interfaces";
import type { Db } from "@/db/client";
import { CHAIN_WORKER, upsertWorkerStatus } from "@/db/queries/status";
import { backoffDelayMs } from "@/lib/backoff";
import type { Logger } from "@/lib/log";
import type { ChainConnection } from "@/lib/schemas/status";
import { sleep } from "../shared/sleep";
import type { RpcSender } from "./rpc";

export interface FinalizedHead {
  number: number;
  hash: string;
}

export interface ChainFollowerOptions {
  endpoint: string;
  db: Db;
  log: Logger;
  connectTimeoutMs?: number;
  /**
   * A connection that hears of no finalized head for this long is dropped and opened again (default 120 s;
   * finney finalizes a block every 12 s or so): a stalled subscription on an open socket must not pass for
   * "connected".
   */
  silentAfterMs?: number;
  backoff?: { baseMs: number; maxMs: number };
  /**
   * Called for every finalized head while connected (chain ingest hangs its block processing here), with the
   * connection's provider for raw calls.
   */
  onFinalized?: (api: ApiPromise, head: FinalizedHead, provider: RpcSender) => Promise<void> | void;
}

/** What chain ingest adds to the worker's status row (shown by /api/v1/status). */
export interface IngestDetail {
  mode: "backfill" | "following";
  /** The last block stored and the finalized head it is catching up with. */
  block: number | null;
  targetBlock: number | null;
  lagBlocks: number | null;
  blocksPerSecond: number;
  /** Why ingest stopped for good (a start block the node pruned, a re-registered netuid); absent while it runs. */
  problem?: string;
}

type Detail = Partial<
  Pick<
    ChainConnection,
    "finalizedBlock" | "finalizedHash" | "specVersion" | "chainName" | "attempt" | "nextRetryAt"
  > & { ingest: IngestDetail }
>;

/**
 * Keeps one connection to a subtensor endpoint: connect, follow finalized heads, and when the endpoint drops
 * or never answers, say so in worker_status and retry with back-off, forever, until stopped.
 */
export class ChainFollower {
  private readonly abort = new AbortController();
  private running: Promise<void> | null = null;
  private detail: Detail = {};
  private state: ChainConnection["state"] = "connecting";
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly options: ChainFollowerOptions) {}

  start(): void {
    this.running ??= this.loop();
  }

  /** Idempotent: aborts any back-off sleep and waits for the connection to close. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private async loop(): Promise<void> {
    const { endpoint, log } = this.options;
    let attempt = 0;
    while (!this.abort.signal.aborted) {
      attempt += 1;
      await this.report("connecting", { attempt, nextRetryAt: null });
      try {
        await this.followOnce(() => {
          attempt = 0;
        });
      } catch (error) {
        if (this.abort.signal.aborted) break;
        const message = error instanceof Error ? error.message : String(error);
        const delayMs = backoffDelayMs(attempt, this.options.backoff);
        const nextRetryAt = new Date(Date.now() + delayMs).toISOString();
        log.warn("chain unreachable, retrying", { endpoint, attempt, retryInMs: delayMs, error: message });
        await this.report("unreachable", { attempt, nextRetryAt }, message);
        await sleep(delayMs, this.abort.signal);
      }
    }
  }

  /** One connection's life: resolves only when stopped, throws when the connection fails or drops. */
  private async followOnce(onConnected: () => void): Promise<void> {
    const { endpoint, log } = this.options;
    const provider = new WsProvider(endpoint, false);
    let api: ApiPromise | null = null;
    try {
      const dropped = waitForDrop(provider, this.abort.signal);
      // Observed below once connected; until then a drop is reported by the connect step itself.
      dropped.catch(() => undefined);
      await withTimeout(
        connect(provider),
        this.options.connectTimeoutMs ?? 15_000,
        `no answer from ${endpoint}`,
      );
      api = await withTimeout(
        ApiPromise.create({ provider, throwOnConnect: true, noInitWarn: true }),
        this.options.connectTimeoutMs ?? 15_000,
        `${endpoint} did not serve runtime metadata`,
      );
      const chainName = (await api.rpc.system.chain()).toString();
      const specVersion = api.runtimeVersion.specVersion.toNumber();
      onConnected();
      log.info("chain connected", { endpoint, chain: chainName, specVersion });
      await this.report("connected", { chainName, specVersion, attempt: 0, nextRetryAt: null });
      const connectedApi = api;
      const watchdog = new Watchdog(this.options.silentAfterMs ?? 120_000, endpoint);
      const unsubscribe = await api.rpc.chain.subscribeFinalizedHeads((header: Header) => {
        watchdog.heard();
        const head = { number: header.number.toNumber(), hash: header.hash.toHex() };
        void this.onHead(connectedApi, head, provider);
      });
      try {
        await Promise.race([dropped, watchdog.silence]);
      } finally {
        watchdog.stop();
        unsubscribe();
      }
    } finally {
      if (api) await api.disconnect().catch(() => undefined);
      else await provider.disconnect().catch(() => undefined);
    }
  }

  /** Merges ingest progress into the status row; a failure to record it is logged, never thrown. */
  async reportIngest(ingest: IngestDetail, lastError?: string): Promise<void> {
    await this.report(this.state, { ingest }, lastError);
  }

  private async onHead(api: ApiPromise, head: FinalizedHead, provider: RpcSender): Promise<void> {
    try {
      // Ingest hears of the head first: the status write below may wait on a slow database.
      await this.options.onFinalized?.(api, head, provider);
      await this.report("connected", { finalizedBlock: head.number, finalizedHash: head.hash });
    } catch (error) {
      this.options.log.error("processing a finalized head failed", { block: head.number, error });
    }
  }

  private report(state: ChainConnection["state"], detail: Detail, lastError?: string): Promise<void> {
    this.state = state;
    this.detail = { ...this.detail, ...detail };
    const update = {
      worker: CHAIN_WORKER,
      state,
      detail: { endpoint: this.options.endpoint, ...this.detail },
      lastError,
    };
    // One write at a time, in order: concurrent upserts could land out of order and leave an older head.
    this.writes = this.writes.then(async () => {
      try {
        await upsertWorkerStatus(this.options.db, update, new Date());
      } catch (error) {
        // The database being down must not kill the chain connection; the next report tries again.
        this.options.log.error("could not record chain status", { error });
      }
    });
    return this.writes;
  }
}

/** Rejects `silence` when no head was heard for `afterMs`; checked a few times per period. */
class Watchdog {
  private lastHeardAt = Date.now();
  private readonly timer: NodeJS.Timeout;
  readonly silence: Promise<never>;

  constructor(afterMs: number, endpoint: string) {
    let fail: (error: Error) => void = () => undefined;
    this.silence = new Promise<never>((_, reject) => {
      fail = reject;
    });
    this.silence.catch(() => undefined);
    this.timer = setInterval(
      () => {
        if (Date.now() - this.lastHeardAt < afterMs) return;
        fail(
          new Error(`no finalized head from ${endpoint} for ${Math.round(afterMs / 1000)} s: reconnecting`),
        );
      },
      Math.max(10, Math.floor(afterMs / 4)),
    );
  }

  heard(): void {
    this.lastHeardAt = Date.now();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

function connect(provider: WsProvider): Promise<void> {
  return new Promise((resolve, reject) => {
    const offConnected = provider.on("connected", () => {
      offError();
      offConnected();
      resolve();
    });
    const offError = provider.on("error", (error: unknown) => {
      offError();
      offConnected();
      reject(error instanceof Error ? error : new Error(describeSocketError(error)));
    });
    provider.connect().catch(reject);
  });
}

/** Resolves when stopped; rejects when the socket closes under us. */
function waitForDrop(provider: WsProvider, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return resolve();
    signal.addEventListener("abort", () => resolve(), { once: true });
    provider.on("disconnected", () => reject(new Error("connection lost")));
  });
}

function describeSocketError(error: unknown): string {
  if (error && typeof error === "object" && "message" in error && typeof error.message === "string") {
    return error.message;
  }
  return "connection failed";
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${Math.round(ms / 1000)} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
