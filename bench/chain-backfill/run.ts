// Backfill benchmark: a devnet process with a week of blocks (50,400) of activity, backfilled by chain ingest
// into PGlite and into Postgres, then the same RPC calls replayed with no processing as the reference.
// usage: node --import tsx bench/chain-backfill/run.ts [--blocks 50400] [--drivers pglite,postgres]
//        [--concurrency 16] [--range 256] [--admin-url postgres://postgres@127.0.0.1:5432/postgres]
//        [--profile-devnet <dir>]
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { ApiPromise, WsProvider } from "@polkadot/api";
import { count } from "drizzle-orm";
import { openDatabase, type Database } from "@/db/client";
import { createScratchDatabase } from "@/db/test-support/scratch-database";
import { getIngestCursor } from "@/db/queries/chain";
import { commitments, metagraphSnapshots, submissions } from "@/db/schema";
import { createLogger } from "@/lib/log";
import { ChainIngest } from "@/workers/chain-ingest/ingest";
import { mapLimit } from "@/workers/chain-ingest/map-limit";
import type { RpcSender } from "@/workers/chain-ingest/rpc";
import { cpuSeconds } from "../lib/machine";

const { values } = parseArgs({
  options: {
    blocks: { type: "string", default: "50400" },
    drivers: { type: "string", default: "pglite,postgres" },
    concurrency: { type: "string", default: "16" },
    range: { type: "string", default: "256" },
    "admin-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/postgres" },
    "profile-devnet": { type: "string" },
  },
});
const BLOCKS = Number(values.blocks);
const CONCURRENCY = Number(values.concurrency);
const RANGE = Number(values.range);

function startChain(): Promise<Chain> {
  const child = spawn(
    process.execPath,
    [
      // --profile-devnet <dir>: a V8 CPU profile of the devnet process, to see what answering costs it.
      ...(values["profile-devnet"] ? ["--cpu-prof", `--cpu-prof-dir=${values["profile-devnet"]}`] : []),
      "--import",
      "tsx",
      path.join(import.meta.dirname, "devnet-process.ts"),
      "--blocks",
      String(BLOCKS),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`devnet exited with ${code}`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const match = /^ready (\S+) (.*)$/.exec(line);
      if (match) resolve({ child, url: match[1] as string, counts: match[2] as string });
    });
  });
}

/** Wall and CPU time of `work`: this process's and the devnet's, so a loaded machine can be told apart. */
async function timed<T>(devnetPid: number, work: () => Promise<T>) {
  const cpu = process.cpuUsage();
  const devnet = cpuSeconds(devnetPid);
  const started = performance.now();
  const result = await work();
  const used = process.cpuUsage(cpu);
  return {
    result,
    seconds: (performance.now() - started) / 1000,
    workerCpu: (used.user + used.system) / 1e6,
    devnetCpu: cpuSeconds(devnetPid) - devnet,
  };
}

async function openBench(driver: string): Promise<{ database: Database; cleanup: () => Promise<void> }> {
  if (driver === "pglite") {
    const dir = mkdtempSync(path.join(tmpdir(), "cacheon-bench-"));
    const database = await openDatabase({ pgliteDataDir: path.join(dir, "pglite") });
    return { database, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const scratch = await createScratchDatabase(values["admin-url"], `cacheon_bench_${process.pid}`);
  const database = await openDatabase({ databaseUrl: scratch.url });
  return { database, cleanup: () => scratch.drop() };
}

/** Records every raw call ingest makes, to replay them later as the reference. */
function recording(provider: WsProvider, calls: [string, unknown[]][]): RpcSender {
  return {
    send: <T>(method: string, params: unknown[]) => {
      calls.push([method, params]);
      return provider.send<T>(method, params);
    },
  };
}

async function backfill(chain: Chain, driver: string, calls: [string, unknown[]][]): Promise<Row> {
  const { database, cleanup } = await openBench(driver);
  const provider = new WsProvider(chain.url);
  const api = await ApiPromise.create({ provider, noInitWarn: true });
  const head = await provider.send<string>("chain_getFinalizedHead", []);
  const headNumber = (await api.rpc.chain.getHeader(head)).number.toNumber();
  const ingest = new ChainIngest({
    db: database.db,
    network: "bench",
    netuid: 14,
    log: createLogger({ bench: driver }, "warn"),
    startBlock: 0,
    concurrency: CONCURRENCY,
    rangeSize: RANGE,
  });
  const run = await timed(chain.child.pid ?? 0, async () => {
    ingest.onFinalized({ api, sender: recording(provider, calls) }, { number: headNumber, hash: head });
    for (;;) {
      const cursor = await getIngestCursor(database.db, { network: "bench", netuid: 14 });
      if (cursor && cursor.blockNumber >= headNumber) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  await ingest.stop();
  const rows = async (table: typeof commitments | typeof submissions | typeof metagraphSnapshots) =>
    (await database.db.select({ n: count() }).from(table))[0]?.n ?? 0;
  const note = JSON.stringify({
    commitments: await rows(commitments),
    submissions: await rows(submissions),
    snapshots: await rows(metagraphSnapshots),
  });
  await api.disconnect();
  await database.close();
  await cleanup();
  return { name: driver, blocks: headNumber + 1, ...run, note };
}

async function reference(chain: Chain, calls: [string, unknown[]][], blocks: number): Promise<Row> {
  const provider = new WsProvider(chain.url);
  await provider.isReady;
  const run = await timed(chain.child.pid ?? 0, () =>
    mapLimit(calls, CONCURRENCY, ([method, params]) => provider.send(method, params)),
  );
  await provider.disconnect();
  return { name: "reference (RPC only)", blocks, ...run, note: `${calls.length} calls` };
}

interface Chain {
  child: ChildProcess;
  url: string;
  counts: string;
}

interface Row {
  name: string;
  blocks: number;
  seconds: number;
  workerCpu: number;
  devnetCpu: number;
  note: string;
}

const chain = await startChain();
console.log(`devnet ready: ${chain.counts}`);
try {
  const calls: [string, unknown[]][] = [];
  const results: Row[] = [];
  for (const driver of values.drivers.split(",")) {
    const recorded: [string, unknown[]][] = [];
    results.push(await backfill(chain, driver, recorded));
    if (calls.length === 0) calls.push(...recorded);
  }
  results.push(await reference(chain, calls, BLOCKS + 1));
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")} on ${cpus().length} CPUs`,
  );
  for (const r of results) {
    console.log(
      `${r.name.padEnd(22)} ${r.blocks} blocks in ${r.seconds.toFixed(1)} s = ${Math.round(r.blocks / r.seconds)} ` +
        `blocks/s; CPU s: worker ${r.workerCpu.toFixed(1)}, devnet ${r.devnetCpu.toFixed(1)}; ${r.note}`,
    );
  }
} finally {
  chain.child.removeAllListeners("exit");
  chain.child.kill("SIGTERM");
}
