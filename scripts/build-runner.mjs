// `npm run build:runner`: the eval runner as one file a validator copies to its pod (no repository, no
// npm install): <out>/cacheon-runner.mjs with every package bundled in, and the shipped corpus beside it.
// `node cacheon-runner.mjs --help` runs from any folder.
import { cpSync, rmSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import { build } from "esbuild";

const { values } = parseArgs({ options: { out: { type: "string", default: "dist/runner" } } });
const out = path.resolve(values.out);
rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: ["workers/runner/main.ts"],
  outfile: path.join(out, "cacheon-runner.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Some bundled packages are CommonJS and call require(); an ES module has none of its own.
  banner: {
    js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
  },
  logLevel: "warning",
});
cpSync("corpus", path.join(out, "corpus"), { recursive: true });
console.log(`built ${path.join(out, "cacheon-runner.mjs")}`);
