// The benchmark's chain: a devnet in its own process (so serving RPC does not compete with the worker for the
// same event loop), filled with `--blocks` blocks of activity before it says "ready <url> <json counts>".
import { parseArgs } from "node:util";
import { startDevnet } from "@/workers/devnet/server";
import { generateActivity } from "@/workers/chain-ingest/test-support/activity";

const { values } = parseArgs({ options: { blocks: { type: "string", default: "50400" } } });
const blocks = Number(values.blocks);
const running = await startDevnet({
  tempo: 360,
  maxUids: 256,
  immunityPeriod: 4096,
  genesisTime: 1_750_000_000_000,
});
const started = Date.now();
const counts = await generateActivity(running.devnet, blocks);
console.log(`ready ${running.url} ${JSON.stringify({ ...counts, generateMs: Date.now() - started })}`);
process.on("SIGTERM", () => void running.stop().then(() => process.exit(0)));
