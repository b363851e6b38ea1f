// Where Chromium is, and how to launch it here. Shared by playwright.config.ts and tests/run.ts's check.
import fs from "node:fs";

export const CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

/** HARBOR_CHROMIUM (or CHROMIUM_PATH) wins; else Debian's Chromium; else undefined (Playwright's own browser, if installed). */
export function findChromium(): string | undefined {
  const fromEnv = process.env.HARBOR_CHROMIUM || process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  return CHROMIUM_CANDIDATES.find((p) => fs.existsSync(p));
}

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // Only fatal messages: without a D-Bus on the machine Chromium logs dozens of "Failed to connect
  // to the bus" errors, which buried a failing test's own message.
  "--log-level=3",
];
