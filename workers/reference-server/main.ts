// node --import tsx workers/reference-server/main.ts --port 8000 --mode normal --ttft-ms 50 --tps 100
// (or --tag near-tie_t40_r400: mode, TTFT and rate from a process-driver image tag)
import { parseArgs } from "node:util";

import { createLogger } from "@/lib/log";
import { onShutdown } from "../shared/shutdown";
import { isMode, MODES } from "./modes";
import { startReferenceServer } from "./server";

function main(): void {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "8000" },
      host: { type: "string", default: "127.0.0.1" },
      mode: { type: "string", default: "normal" },
      "ttft-ms": { type: "string", default: "50" },
      tps: { type: "string", default: "100" },
      model: { type: "string", default: "Qwen2.5-72B-Instruct" },
      "fault-at": { type: "string", default: "3" },
      "health-delay-ms": { type: "string" },
      tag: { type: "string" },
    },
  });
  // The process driver passes an image tag: "<mode>[_t<ttft ms>][_r<tokens/s>]" selects the behaviour, so one
  // command line serves every "image" of a test or demo.
  const fromTag = /^([a-z-]+)(?:_t(\d+))?(?:_r(\d+))?$/.exec(values.tag ?? "");
  if (values.tag !== undefined && fromTag === null) {
    console.error(`--tag must look like near-tie_t40_r400 (got "${values.tag}")`);
    process.exit(1);
  }
  if (fromTag !== null) {
    values.mode = fromTag[1] as string;
    if (fromTag[2] !== undefined) values["ttft-ms"] = fromTag[2];
    if (fromTag[3] !== undefined) values.tps = fromTag[3];
  }
  const mode = values.mode;
  if (!isMode(mode)) {
    console.error(`--mode must be one of: ${MODES.join(", ")} (got "${mode}")`);
    process.exit(1);
  }
  const number = (name: string, raw: string | undefined): number | undefined => {
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) {
      console.error(`--${name} must be a non-negative number (got "${raw}")`);
      process.exit(1);
    }
    return n;
  };
  startReferenceServer({
    port: number("port", values.port),
    host: values.host,
    mode,
    ttftMs: number("ttft-ms", values["ttft-ms"]),
    tps: number("tps", values.tps),
    model: values.model,
    faultAt: number("fault-at", values["fault-at"]),
    healthDelayMs: number("health-delay-ms", values["health-delay-ms"]),
    // A real crash: the process dies mid-stream and the runner sees the container exit.
    onCrash: () => process.exit(3),
  }).then(
    (server) => {
      const log = createLogger({ process: "reference-server" });
      // Before announcing it: a supervisor may signal as soon as it reads the line.
      onShutdown(log, () => server.close());
      log.info("reference server listening", { url: server.url, mode });
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

main();
