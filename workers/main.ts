// Every background worker in one process: exactly what the web process runs with RUN_WORKERS=true (chain
// ingest and standings, workers/index.ts). Production runs one of these beside app instances started with
// RUN_WORKERS=false (README, compose.yaml).
import { startWorkers } from "./index";
import { runWorkerProcess } from "./shared/worker-process";

runWorkerProcess("workers", startWorkers);
