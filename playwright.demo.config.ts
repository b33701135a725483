import { defineConfig, devices } from "@playwright/test";
import { launchOptions } from "./e2e/chromium";

/**
 * The offline arena (`npm run demo`) end to end: the demo's orchestrator is the web server, exactly as a person
 * runs it after a build, only faster (DEMO_SPEED) so the king's margin decays within the test. The specs read
 * the public API and the pages while its miners commit and its validators evaluate.
 */
const PORT = Number(process.env.DEMO_E2E_PORT ?? 3300);
/** 5 ms blocks: the margin decays from 1 % to 0.2 % in under 3½ minutes, when chain ingest keeps up. */
export const DEMO_E2E_SPEED = 2_400;

export default defineConfig({
  testDir: "e2e/demo",
  testMatch: "**/*.spec.ts",
  outputDir: "e2e-artifacts/demo-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // The arena spec follows the whole story (three coronations); the budget is the demo's, not a page's.
  timeout: 900_000,
  reporter: [["list"], ["html", { outputFolder: "e2e-artifacts/demo-report", open: "never" }]],
  use: { baseURL: `http://127.0.0.1:${PORT}`, trace: "retain-on-failure", screenshot: "only-on-failure" },
  projects: [{ name: "desktop", use: { ...devices["Desktop Chrome"], channel: undefined, launchOptions } }],
  webServer: {
    command: "node --import tsx scripts/demo.ts",
    url: `http://127.0.0.1:${PORT}/api/v1/status`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    // The orchestrator stops its validators, their miners' servers and the explorer on SIGTERM.
    gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
    env: {
      PORT: String(PORT),
      HOSTNAME: "127.0.0.1",
      DEMO_SPEED: String(DEMO_E2E_SPEED),
      DEMO_DATA_DIR: "e2e-artifacts/demo",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
