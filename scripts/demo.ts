// `npm run demo`: Cacheon end to end on one machine, offline, without a GPU. A local subtensor devnet whose
// time runs DEMO_SPEED× faster, the explorer (embedded PGlite, its workers following the devnet), two
// validators running the real eval runner with the process driver, and a scripted population of miners whose
// "images" are reference inference servers with their own speeds and faults. Ctrl-C or SIGTERM stops it all.
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";

import { EnvError, loadEnv } from "@/env";
import { startDevnet } from "@/workers/devnet/server";

import { startChainClock } from "./demo/clock";
import { Children, killMarked } from "./demo/processes";
import { explorerCommand, runnerCommand } from "./demo/commands";
import { VALIDATORS } from "./demo/population";
import { PublicApi } from "./demo/public-api";
import { createScenario } from "./demo/scenario";
import { demoSettings } from "./demo/settings";

const TICK_MS = 500;
const EXPLORER_START_TIMEOUT_MS = 180_000;
const STOP_GRACE_MS = 10_000;

const say = (line: string) => console.log(`[demo] ${line}`);

async function waitForExplorer(api: PublicApi, exited: Promise<unknown>): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + EXPLORER_START_TIMEOUT_MS;
  while (Date.now() < deadline && !gone) {
    try {
      await api.status();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error(gone ? "the explorer exited while starting" : "the explorer did not start in time");
}

async function main(): Promise<void> {
  const env = loadEnv();
  const settings = demoSettings(env);
  const repoRoot = process.cwd();
  const logDir = path.join(settings.dataDir, "logs");

  // A previous run killed without a chance to clean up may still hold the port and the database.
  const leftovers = killMarked(settings.dataDir);
  if (leftovers > 0) say(`stopped ${leftovers} process(es) left over from a previous demo run`);
  rmSync(settings.dataDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });

  // Blocks come from the demo's clock (below), not the devnet's timer: see clock.ts.
  const devnet = await startDevnet({ port: 0, blockMs: 0, netuid: settings.netuid });
  const blockMs = 12_000 / settings.speed;
  say(
    `local subtensor devnet on ${devnet.url}: a block every ${blockMs.toFixed(1)} ms, time runs ${settings.speed}× faster`,
  );

  const api = new PublicApi(`http://127.0.0.1:${settings.port}`);
  const scenario = await createScenario(devnet.devnet, api, say);
  const children = new Children(repoRoot, logDir, settings.dataDir);
  const clock = startChainClock(devnet.devnet, settings.speed);

  let stopping: Promise<void> | null = null;
  let ticker: NodeJS.Timeout | null = null;
  const stop = (code: number, why: string) =>
    (stopping ??= (async () => {
      say(`${why}: stopping the validators, the miners' servers, the explorer and the devnet…`);
      if (ticker) clearInterval(ticker);
      await children.stopAll(STOP_GRACE_MS);
      clock.stop();
      await devnet.stop();
      say("stopped");
      process.exit(code);
    })());
  // A second signal while stopping: the operator does not want to wait, so everything is killed at once. One
  // within a second of the first is the same Ctrl-C again (the terminal's, and npm forwarding it).
  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping === null) {
      firstSignalAt = Date.now();
      return void stop(0, signal);
    }
    if (Date.now() - firstSignalAt < 1_000) return;
    killMarked(settings.dataDir);
    process.exit(1);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const explorer = explorerCommand(settings, devnet.url);
  const web = children.start({
    name: "explorer",
    argv: explorer.argv,
    env: { ...process.env, ...explorer.env },
  });
  void web.exited.then((code) => stop(1, `the explorer exited (code ${code}); see ${logDir}/explorer.log`));
  say(`starting the explorer (log: ${path.relative(repoRoot, logDir)}/explorer.log)…`);
  try {
    await waitForExplorer(api, web.exited);
  } catch (error) {
    return void stop(1, `${(error as Error).message}; see ${logDir}/explorer.log`);
  }

  VALIDATORS.forEach((v, i) => {
    const name = `validator${i + 1}`;
    const runner = children.start({
      name,
      argv: runnerCommand(settings, v.uri, name),
      env: { ...process.env },
    });
    void runner.exited.then((code) =>
      stop(1, `${name}'s runner exited (code ${code}); see ${logDir}/${name}.log`),
    );
  });
  say(
    `two validators run the eval runner (logs: ${path.relative(repoRoot, logDir)}/validator1.log, validator2.log)`,
  );
  say(
    `open http://localhost:${settings.port} — a local demo network, time runs ${settings.speed}× faster; Ctrl-C stops everything`,
  );

  let busy = false;
  ticker = setInterval(() => {
    if (busy) return;
    busy = true;
    void scenario.tick().finally(() => (busy = false));
  }, TICK_MS);
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
