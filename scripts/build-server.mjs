// `npm run build`, after `next build`: bundles the production server (server/start.ts with the API routes it
// serves and the workers it may start) into <NEXT_DIST_DIR>/cacheon-server/start.mjs, beside the Next build it
// serves. Plain Node runs it: the TypeScript loader (tsx) the server used to run under cost the serving
// process a great deal of memory (the memory row of npm run bench). Packages stay in node_modules, loaded as they are.
import { rmSync } from "node:fs";
import { build } from "esbuild";

const distDir = process.env.NEXT_DIST_DIR ?? ".next";
// Chunk names change with their content: a rebuild would otherwise leave the last build's beside the new.
rmSync(`${distDir}/cacheon-server`, { recursive: true, force: true });
await build({
  entryPoints: ["server/start.ts"],
  outdir: `${distDir}/cacheon-server`,
  // Next writes {"type": "commonjs"} into its folder; .mjs keeps these ES modules whatever a folder says.
  outExtension: { ".js": ".mjs" },
  bundle: true,
  // The workers are imported only when they run: a chunk of their own, never loaded by a serving instance.
  splitting: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
