// Test support: where the real subtensor fixtures live and what a test does when they are missing. Every test
// that reads them goes through fixtureFile: outside CI a missing file skips the suite with a message saying how
// to get it; with CI=true it fails loudly, because CI runs them against ../shared.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** The fixtures, by path under the fixtures folder (its `subtensor/` README names their sources and sums). */
export const FIXTURES = {
  finneyMetadata: "subtensor/finney-spec424-metadata.scale",
  raonetChainSpec: "subtensor/raonet-spec218-chainspec.json",
} as const;

export type FixtureName = keyof typeof FIXTURES;

/** CACHEON_FIXTURES_DIR, else ../shared/fixtures beside the project. */
export function fixturesDir(): string {
  return process.env.CACHEON_FIXTURES_DIR ?? path.resolve(REPO_ROOT, "..", "shared", "fixtures");
}

export function missingFixtureMessage(file: string): string {
  return (
    `fixture not found at ${file}: run \`npm run fixtures\` to download the subtensor fixtures and check ` +
    "their sha256, or set CACHEON_FIXTURES_DIR to a folder that has them"
  );
}

/**
 * The fixture's path, or null when it is missing (with a warning naming `skipping`, the suite that skips);
 * throws instead under CI=true.
 */
export function fixtureFile(name: FixtureName, skipping: string): string | null {
  const file = path.join(fixturesDir(), FIXTURES[name]);
  if (existsSync(file)) return file;
  const message = missingFixtureMessage(file);
  if (process.env.CI === "true") throw new Error(message);
  console.warn(`skipping ${skipping}: ${message}`);
  return null;
}
