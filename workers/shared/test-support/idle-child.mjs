// A stand-in worker process for fork-workers.test.ts: idles until SIGTERM, then exits 0.
process.on("SIGTERM", () => process.exit(0));
setInterval(() => undefined, 1_000);
