import path from "node:path";

/**
 * The production server as `npm run build` leaves it (scripts/build-server.mjs), for the build in `distDir`:
 * what `npm run serve` runs, and what the browser tests, the demo and the benchmarks start.
 */
export function serverEntry(distDir = process.env.NEXT_DIST_DIR ?? ".next"): string {
  return path.join(distDir, "cacheon-server", "start.mjs");
}

/**
 * Node's flags for the server. With no heap limit V8 sizes the old generation for this machine's memory and
 * lets it grow to four times what survived the last full collection before collecting again: after bursts of
 * readers the server's RSS was several times its live heap (the memory row of npm run bench). A 1 GB limit,
 * far above the live heap, makes V8 collect much sooner, at the same request rate.
 * `npm run serve` spells the same flags (package.json; server/server-entry.test.ts holds them equal).
 */
export const SERVER_NODE_FLAGS = ["--max-old-space-size=1024"] as const;

/** The server's command line after `node`: its flags, then its entry. */
export function serverArgs(distDir?: string): string[] {
  return [...SERVER_NODE_FLAGS, serverEntry(distDir)];
}
