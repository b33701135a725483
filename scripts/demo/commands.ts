// The command lines of the demo's children: the explorer exactly as `npm start` serves it, and the eval runner
// exactly as a validator starts it, with the process driver and the reference server for every image.
import { serverArgs } from "../../server/server-entry";
import type { DemoSettings } from "./settings";
import { BASELINE_IMAGE, digestOf } from "./population";

const NODE = process.execPath;
const TSX = ["--import", "tsx"];
/** The explorer's Epistula identity in the demo; the runners sign for it. */
export const DEMO_SIGNED_FOR = "cacheon-demo";

export function explorerCommand(
  s: DemoSettings,
  chainEndpoint: string,
): { argv: string[]; env: Record<string, string> } {
  return {
    argv: [NODE, ...serverArgs()],
    env: {
      PORT: String(s.port),
      DATABASE_URL: "",
      PGLITE_DATA_DIR: `${s.dataDir}/pglite`,
      CHAIN_ENDPOINT: chainEndpoint,
      CHAIN_ARCHIVE_ENDPOINT: "",
      NETWORK: s.network,
      NETUID: String(s.netuid),
      // The devnet starts at genesis: ingest every block from the first.
      CHAIN_START_BLOCK: "0",
      RUN_WORKERS: "true",
      EPISTULA_SIGNED_FOR: DEMO_SIGNED_FOR,
      DEMO_SPEED: String(s.speed),
      // The demo is offline: no official API to follow.
      OFFICIAL_API_URL: "",
    },
  };
}

export function runnerCommand(s: DemoSettings, validatorUri: string, name: string): string[] {
  const baseline = `${BASELINE_IMAGE}@${digestOf(BASELINE_IMAGE)}`;
  return [
    NODE,
    ...TSX,
    "workers/runner/main.ts",
    "--api-url",
    `http://127.0.0.1:${s.port}`,
    "--signed-for",
    DEMO_SIGNED_FOR,
    "--dev-uri",
    validatorUri,
    "--driver",
    "process",
    "--process-command",
    `"${NODE}" --import tsx workers/reference-server/main.ts --port {port} --tag {tag}`,
    "--baseline-image",
    baseline,
    "--gpu-model",
    "CPU (local demo)",
    "--gpu-count",
    "1",
    "--gpu-driver",
    "none",
    // Shorter prompts and a 20 s health deadline (finney's is 10 minutes): the demo's servers start at once,
    // and the one that never becomes healthy should not hold a validator for long.
    "--context-chars",
    "4000",
    "--health-poll-ms",
    "250",
    "--health-timeout-ms",
    "20000",
    "--poll-interval-ms",
    "1000",
    // One verification session per job: a batch would hold the improvement's run back until the jobs after it
    // (the server that never becomes healthy among them) were measured, and the story's order with it.
    "--verify-batch",
    "1",
    "--spool-dir",
    `${s.dataDir}/${name}/spool`,
    "--cache-dir",
    `${s.dataDir}/${name}/baseline`,
    "--report-dir",
    `${s.dataDir}/${name}/reports`,
  ];
}
