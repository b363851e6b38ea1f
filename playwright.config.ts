import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "./tests/e2e/browser";

const PORT = Number(process.env.E2E_PORT || 3111);
const DB_FILE = "data/e2e/harbor-e2e.db";

// Each test makes its own members, groups and meetings in the server's database and keeps its own
// clock (tests/e2e/fixtures.ts), so tests can run side by side against the one server: `npm test`
// runs two browsers (`--workers=2 --grep-invert @site-wide`), then the few tests tagged @site-wide
// (they change what every page shows: roles, the crisis page, site e-mail and milestone settings,
// a large import) alone (`--grep @site-wide --workers=1`), both passes on the one server that
// tests/run.ts starts from the webServer below (HARBOR_E2E_SERVER=shared: Playwright uses it).
// Run here as is, it is one at a time, on a server Playwright starts.
export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // Each test takes a few seconds on a quiet machine, and under half a minute with the load
  // average at 20 on two cores: two minutes leave a wide margin.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
      },
    },
  ],
  webServer: {
    // The production build against a fresh SQLite database with the demo community.
    command: `rm -rf data/e2e && node db/run.mjs seed --i-understand-this-adds-demo-accounts && node build/server.js`,
    url: `http://localhost:${PORT}/healthz`,
    reuseExistingServer: process.env.HARBOR_E2E_SERVER === "shared",
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    // E-mail goes to files (no SMTP in tests) that the notifications journey reads; the worker looks often.
    env: {
      NODE_ENV: "production",
      HARBOR_TEST_CLOCK: "1",
      PORT: String(PORT),
      DATABASE_URL: `file:${DB_FILE}`,
      HOST: "127.0.0.1",
      HARBOR_MAIL_DIR: "data/e2e/mail",
      HARBOR_MAIL_INTERVAL_MS: "300",
      HARBOR_SIGNUPS_PER_ADDRESS_PER_HOUR: "1000",
      HARBOR_POSTS_PER_MINUTE: "1000",
    },
  },
});
