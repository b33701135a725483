import path from "node:path";

/**
 * The production server as `npm run build` leaves it (scripts/build-server.mjs), for the build in `distDir`:
 * what `npm run serve` runs, and what the browser tests, the demo and the benchmarks start.
 */
export function serverEntry(distDir = process.env.NEXT_DIST_DIR ?? ".next"): string {
  return path.join(distDir, "cacheon-server", "start.mjs");
}
