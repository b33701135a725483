import type { Logger } from "@/lib/log";

/**
 * First SIGINT/SIGTERM: run `cleanup` and exit 0. A second signal while cleaning up: exit 1 at once, for an
 * operator who does not want to wait.
 */
export function onShutdown(log: Logger, cleanup: () => Promise<void>): void {
  let shuttingDown = false;
  const handle = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      log.warn("second signal, exiting now", { signal });
      process.exit(1);
    }
    shuttingDown = true;
    log.info("shutting down", { signal });
    cleanup().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error("shutdown failed", { error });
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", handle);
  process.on("SIGTERM", handle);
}
