// The eval runner a validator hosts on its GPU pod:
//   node --import tsx workers/runner/main.ts --api-url https://… --wallet W --hotkey H \
//     --weights /data/Qwen2.5-72B-Instruct [--once]   (the baseline: the protocol's pinned vLLM)
// (or --dev-uri //Validator1 instead of --wallet/--hotkey; --help lists every flag and RUNNER_* variable)
//   node --import tsx workers/runner/main.ts doctor [the same flags]: checks the pod and says what to fix
//   node --import tsx workers/runner/main.ts status [--report-dir DIR]: what the runner is doing, its last jobs
//   node --import tsx workers/runner/main.ts corpus download [--dir DIR]: the pinned PG19 split, verified
import { ConfigError, loadConfig, reportDirFrom, USAGE } from "./config";
import { detectGpu } from "./gpu";

async function main(): Promise<void> {
  if (process.argv.includes("--help")) {
    console.log(USAGE);
    return;
  }
  const [command, ...rest] = process.argv.slice(2);
  if (command === "evaluate") {
    const { takeEvaluateArgs, evaluate } = await import("./evaluate-command");
    const { request, rest: flags } = takeEvaluateArgs(rest);
    const config = loadConfig(flags, process.env, detectGpu, { needsApi: false });
    process.exit(await evaluate(config, request));
  }
  if (command === "reproduce") {
    const [runId, ...flags] = rest;
    if (runId === undefined || runId.startsWith("--"))
      throw new ConfigError("usage: runner reproduce RUN_ID --api-url URL [options]");
    const config = loadConfig(flags, process.env, detectGpu, { needsApi: true });
    const { reproduce } = await import("./reproduce-command");
    process.exit(await reproduce(config, runId));
  }
  if (command === "status") {
    const { status } = await import("./status-command");
    process.exit(await status(reportDirFrom(rest, process.env)));
  }
  if (command === "corpus") {
    const { corpusCommand } = await import("./corpus-command");
    process.exit(await corpusCommand(rest, process.env));
  }
  if (command === "doctor") {
    const config = loadConfig(rest, process.env, detectGpu);
    const { doctor } = await import("./doctor-command");
    process.exit(await doctor(config));
  }
  const config = loadConfig(process.argv.slice(2), process.env, detectGpu);
  const { startRunner } = await import("./start");
  await startRunner(config);
}

main().catch((error: unknown) => {
  // Configuration and wallet problems are the operator's to fix: their message says how, without a stack.
  const operators = ["WalletError", "DoctorFailed", "CorpusDownloadError"];
  if (error instanceof ConfigError || (error instanceof Error && operators.includes(error.name)))
    console.error(error.message);
  else console.error(error);
  process.exit(1);
});
