/**
 * How every Playwright config here launches Debian's Chromium (the Playwright browser download does not work
 * on this network): shared by playwright.config.ts and playwright.demo.config.ts.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const launchOptions = {
  executablePath: CHROMIUM,
  // Without these Chromium tries to reach Google's hosts at start, which this network refuses.
  args: [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};
