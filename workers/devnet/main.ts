// CLI: node --import tsx workers/devnet/main.ts --port 9944 --block-ms 250 [--demo]
// Runs the devnet until SIGINT/SIGTERM: the first signal stops it gracefully, a second one exits at once.
import { parseArgs } from "node:util";
import { createLogger } from "@/lib/log";
import { onShutdown } from "../shared/shutdown";
import { seedDemo } from "./seed";
import { startDevnet, type DevnetOptions } from "./server";

const USAGE = `usage: node --import tsx workers/devnet/main.ts [options]
  --port <n>          port to listen on (default 9944; 0 picks a free one)
  --host <addr>       interface to bind (default 127.0.0.1)
  --block-ms <n>      produce a block every n ms (default 12000; 0 = only on dev_newBlock)
  --netuid <n>        the subnet to create (default 14)
  --tempo <n>         blocks between epochs (default 360)
  --max-uids <n>      UIDs before registration recycles one (default 256)
  --genesis-time <ms> Timestamp.Now of block 0, ms since epoch (default: now)
  --time-scale <x>    chain ms per wall ms with a block timer (default: 12 s per block)
  --finality-lag <n>  blocks between best and finalized head (default 0)
  --state-pruning <n> keep the state of the last n finalized blocks only, as a pruned node (finney's public
                      nodes keep 256; default: every block, as an archive node)
  --demo              register a validator and miners with commitments, run one epoch`;

function integer(name: string, raw: string | undefined, fallback: number, min = 0): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`--${name} expects an integer >= ${min}, got "${raw}"`);
  return value;
}

function readOptions(argv: string[]): DevnetOptions & { demo: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "block-ms": { type: "string" },
      netuid: { type: "string" },
      tempo: { type: "string" },
      "max-uids": { type: "string" },
      "genesis-time": { type: "string" },
      "time-scale": { type: "string" },
      "finality-lag": { type: "string" },
      "state-pruning": { type: "string" },
      demo: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const timeScale = values["time-scale"] === undefined ? undefined : Number(values["time-scale"]);
  if (timeScale !== undefined && !(timeScale > 0)) throw new Error(`--time-scale expects a positive number`);
  return {
    port: integer("port", values.port, 9944),
    host: values.host,
    blockMs: integer("block-ms", values["block-ms"], 12_000),
    netuid: integer("netuid", values.netuid, 14),
    tempo: integer("tempo", values.tempo, 360),
    maxUids: integer("max-uids", values["max-uids"], 256, 1),
    genesisTime:
      values["genesis-time"] === undefined ? undefined : integer("genesis-time", values["genesis-time"], 0),
    timeScale,
    finalityLag: integer("finality-lag", values["finality-lag"], 0),
    statePruning:
      values["state-pruning"] === undefined
        ? undefined
        : integer("state-pruning", values["state-pruning"], 0, 1),
    demo: values.demo,
  };
}

async function main(): Promise<void> {
  let options: ReturnType<typeof readOptions>;
  try {
    options = readOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`devnet: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(1);
  }
  const running = await startDevnet({ ...options, log: (line) => console.log(line) });
  // Before announcing the URL: a supervisor may signal as soon as it reads the line.
  onShutdown(createLogger({ process: "devnet" }), () => running.stop());
  if (options.demo) await seedDemo(running.devnet, (line) => console.log(line));
  console.log(`devnet: ${running.url} (netuid ${options.netuid}, head #${running.devnet.chain.head.number})`);
}

void main();
