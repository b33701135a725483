import { defineConfig, devices } from "@playwright/test";
import { launchOptions } from "./e2e/chromium";
import { serverArgs } from "./server/server-entry";

/**
 * Browser tests run Debian's Chromium (the Playwright browser download does not work here) against the
 * production build, served by the same server bundle as `npm start` (server/server-entry.ts), on a fresh
 * embedded database.
 */
const PORT = Number(process.env.E2E_PORT ?? 3210);
const DATA_DIR = "e2e-artifacts/pglite";
/**
 * A second explorer on an empty database, for the "no chain yet, no king yet" states. Its port and the third
 * one's can be set where the next ports are taken; 0 starts no such server (the specs that need it then fail).
 */
export const EMPTY_PORT = Number(process.env.E2E_EMPTY_PORT ?? PORT + 1);
const EMPTY_DATA_DIR = "e2e-artifacts/pglite-empty";
/** A third explorer on a Postgres database of its own, which e2e/database-down.spec.ts drops under it. */
export const DOWN_PORT = Number(process.env.E2E_DOWN_PORT ?? PORT + 2);
export const DOWN_DATABASE = `cacheon_e2e_down_${DOWN_PORT}`;
export const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const downUrl = new URL(ADMIN_URL);
downUrl.pathname = `/${DOWN_DATABASE}`;
/** The fake official API (June era, the seed's miners), followed by the seeded explorer. */
export const OFFICIAL_FAKE_PORT = Number(process.env.E2E_OFFICIAL_PORT ?? PORT + 3);

const SERVER_ENV = {
  HOSTNAME: "127.0.0.1",
  // A closed local port: the explorer must say plainly that the chain is unreachable and keep retrying.
  CHAIN_ENDPOINT: "ws://127.0.0.1:9",
  NEXT_TELEMETRY_DISABLED: "1",
};

const QUIET = { reuseExistingServer: false, stdout: "ignore", stderr: "pipe" } as const;

/** An explorer on `port`, started by the production server entry once `setup` has prepared its database. */
function explorerServer(
  port: number,
  setup: string,
  env: Record<string, string>,
  readyPath = "/api/v1/status",
) {
  return {
    command: `${setup} && node ${serverArgs().join(" ")}`,
    url: `http://127.0.0.1:${port}${readyPath}`,
    timeout: 180_000,
    ...QUIET,
    env: { ...SERVER_ENV, PORT: String(port), ...env },
  };
}

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  // The offline arena has its own server and config (playwright.demo.config.ts).
  testIgnore: "demo/**",
  outputDir: "e2e-artifacts/test-results",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  reporter: [["list"], ["html", { outputFolder: "e2e-artifacts/report", open: "never" }]],
  use: { baseURL: `http://127.0.0.1:${PORT}`, trace: "retain-on-failure", screenshot: "only-on-failure" },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], channel: undefined, launchOptions } },
    // The phone runs what its layout changes: e2e/empty-and-themes.spec.ts checks every page's width on it, and
    // the home, leaderboard, submission and chart specs their phone layouts. Behaviour the screen size does not
    // change (headers, feeds, search, live updates, error pages) runs on the desktop only, to keep CI short.
    {
      name: "phone",
      use: { ...devices["Pixel 7"], channel: undefined, launchOptions },
      testIgnore: [
        "demo/**",
        "security.spec.ts",
        "feeds.spec.ts",
        "official.spec.ts",
        "methodology.spec.ts",
        "emissions.spec.ts",
        "kings.spec.ts",
        "validators.spec.ts",
        "miner.spec.ts",
        "conventions.spec.ts",
        "search.spec.ts",
        "live-evaluations.spec.ts",
        "backfill.spec.ts",
        "database-down.spec.ts",
        "status.spec.ts",
      ],
    },
  ],
  webServer: [
    {
      command: `node --import tsx workers/official-api-fake/main.ts --port ${OFFICIAL_FAKE_PORT} --era june --unknown-shape`,
      url: `http://127.0.0.1:${OFFICIAL_FAKE_PORT}/api/health`,
      timeout: 60_000,
      ...QUIET,
    },
    // Seeded before the server opens the database (PGlite allows one opener): three reigns, ~60 submissions.
    explorerServer(PORT, `rm -rf ${DATA_DIR} && node --import tsx e2e/seed.ts ${DATA_DIR}`, {
      PGLITE_DATA_DIR: DATA_DIR,
      OFFICIAL_API_URL: `http://127.0.0.1:${OFFICIAL_FAKE_PORT}`,
    }),
    // No official API: the importer is off, and the pages say so.
    ...(EMPTY_PORT === 0
      ? []
      : [
          explorerServer(EMPTY_PORT, `rm -rf ${EMPTY_DATA_DIR}`, {
            PGLITE_DATA_DIR: EMPTY_DATA_DIR,
            OFFICIAL_API_URL: "",
          }),
        ]),
    ...(DOWN_PORT === 0
      ? []
      : [
          explorerServer(
            DOWN_PORT,
            `node --import tsx e2e/postgres-database.ts ${ADMIN_URL} ${DOWN_DATABASE}`,
            { DATABASE_URL: downUrl.toString(), RUN_WORKERS: "false", OFFICIAL_API_URL: "" },
            // Liveness, not /api/v1/status: the test takes the database away while this server runs.
            "/api/health",
          ),
        ]),
  ],
});
