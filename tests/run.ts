/**
 * `npm test`: the whole suite, in order —
 *   1. typecheck (tsc);
 *   2. unit + integration tests (Vitest) on SQLite;
 *   3. the same tests on PostgreSQL, when a server is reachable (HARBOR_TEST_PG_URL, default
 *      postgres://postgres@127.0.0.1:5432/test). With HARBOR_TEST_PG_REQUIRED=1 (CI) an unreachable
 *      server is a failure; otherwise the pass is skipped and the reason said;
 *   4. the production build, then the server tests (tests/server: real `node build/server.js`
 *      processes — the request log, several processes on one port on SQLite), and the scale-out
 *      tests (two servers on one PostgreSQL database behind nginx; several processes on
 *      PostgreSQL) when PostgreSQL and nginx are there — skipped with the reason otherwise, a
 *      failure in CI (HARBOR_TEST_PG_REQUIRED=1);
 *   5. browser tests (Playwright in Chromium).
 * The last line is the totals: `N passed, N failed`.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { findChromium } from "./e2e/browser";
import { nginxBinary } from "./server/harbor";

const RESULTS = ".test-results";
fs.rmSync(RESULTS, { recursive: true, force: true });
fs.mkdirSync(RESULTS, { recursive: true });

interface Suite {
  name: string;
  passed: number;
  failed: number;
  note?: string;
}
const suites: Suite[] = [];
const bin = (name: string) => path.join("node_modules", ".bin", name);

function sh(command: string, args: string[], env: Record<string, string> = {}): number {
  console.log(`\n$ ${[command, ...args].join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

function vitest(name: string, env: Record<string, string>, filters: string[] = [], config: string[] = []) {
  const out = path.join(RESULTS, `${name}.json`);
  const code = sh(bin("vitest"), ["run", ...config, ...filters, "--reporter=default", "--reporter=json", `--outputFile.json=${out}`], env);
  const report = readJson<{ numPassedTests: number; numFailedTests: number; numTotalTests: number; numPendingTests: number }>(out);
  if (!report) {
    suites.push({ name, passed: 0, failed: 1, note: `Vitest did not report (exit ${code})` });
    return;
  }
  const failed = report.numFailedTests + (code !== 0 && report.numFailedTests === 0 ? 1 : 0);
  suites.push({ name, passed: report.numPassedTests, failed, note: code !== 0 && report.numFailedTests === 0 ? `exit ${code} (a file failed to load?)` : undefined });
}

async function postgresReachable(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return null;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

// 1. Types
{
  const code = sh(bin("tsc"), ["--noEmit"]);
  suites.push({ name: "typecheck", passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 });
}

// 2. SQLite
vitest("vitest-sqlite", { HARBOR_TEST_DB: "sqlite" });

// 3. PostgreSQL
{
  const url = process.env.HARBOR_TEST_PG_URL || "postgres://postgres@127.0.0.1:5432/test";
  const required = process.env.HARBOR_TEST_PG_REQUIRED === "1";
  const problem = await postgresReachable(url);
  if (problem === null) {
    // Only the database tests: the pure unit tests ran in the SQLite pass already.
    vitest("vitest-postgres", { HARBOR_TEST_DB: "postgres", HARBOR_TEST_PG_URL: url }, ["tests/integration"]);
  } else if (required) {
    console.error(`\nPostgreSQL is required (HARBOR_TEST_PG_REQUIRED=1) but ${url} is unreachable: ${problem}`);
    suites.push({ name: "vitest-postgres", passed: 0, failed: 1, note: `PostgreSQL unreachable: ${problem}` });
  } else {
    const masked = url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
    console.log(`\nSkipped the PostgreSQL pass: no PostgreSQL server answered at ${masked} (${problem}). Start one, or set HARBOR_TEST_PG_URL, to run the database tests on PostgreSQL too.`);
    suites.push({ name: "vitest-postgres", passed: 0, failed: 0, note: "skipped: PostgreSQL unreachable" });
  }
}

// 4. The production build, then the server tests on it
const built = sh("npm", ["run", "--silent", "build"]) === 0;
if (!built) suites.push({ name: "build", passed: 0, failed: 1, note: "the production build failed" });
else {
  const serverConfig = ["--config", "tests/server/vitest.config.ts"];
  vitest("server", { HARBOR_TEST_DB: "sqlite" }, ["tests/server/logs.test.ts", "tests/server/processes.test.ts"], serverConfig);
  const url = process.env.HARBOR_TEST_PG_URL || "postgres://postgres@127.0.0.1:5432/test";
  const pgProblem = await postgresReachable(url);
  const missing = pgProblem !== null ? `PostgreSQL unreachable at ${url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@")}: ${pgProblem}` : nginxBinary() === null ? "nginx is not installed (apt-get install -y nginx)" : null;
  if (missing === null) vitest("scale-out", { HARBOR_TEST_DB: "postgres", HARBOR_TEST_PG_URL: url }, ["tests/server/scale-out.test.ts", "tests/server/processes.test.ts"], serverConfig);
  else if (process.env.HARBOR_TEST_PG_REQUIRED === "1") suites.push({ name: "scale-out", passed: 0, failed: 1, note: missing });
  else {
    console.log(`\nSkipped the scale-out tests (two servers behind nginx on PostgreSQL): ${missing}.`);
    suites.push({ name: "scale-out", passed: 0, failed: 0, note: `skipped: ${missing}` });
  }
}

// 5. Browser tests against the production build
{
  const chromium = findChromium();
  const playwrightOwn = fs.existsSync(path.join(process.env.HOME ?? "", ".cache", "ms-playwright"));
  if (!chromium && !playwrightOwn) {
    console.error(
      "\nBrowser tests need Chromium and none was found. Install Debian's: `apt-get install -y chromium` (it lands in /usr/bin/chromium), or point HARBOR_CHROMIUM at a Chromium or Chrome binary.",
    );
    suites.push({ name: "playwright", passed: 0, failed: 1, note: "Chromium not found" });
  } else if (!built) {
    suites.push({ name: "playwright", passed: 0, failed: 1, note: "the production build failed" });
  } else {
    const out = path.join(RESULTS, "playwright.json");
    const code = sh(bin("playwright"), ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: out });
    const report = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(out);
    if (!report) suites.push({ name: "playwright", passed: 0, failed: 1, note: `Playwright did not report (exit ${code})` });
    else {
      const failed = report.stats.unexpected + report.stats.flaky + (code !== 0 && report.stats.unexpected === 0 ? 1 : 0);
      suites.push({ name: "playwright", passed: report.stats.expected, failed });
    }
  }
}

const passed = suites.reduce((n, s) => n + s.passed, 0);
const failed = suites.reduce((n, s) => n + s.failed, 0);
console.log("\nSuites:");
for (const s of suites) console.log(`  ${s.name.padEnd(16)} ${s.passed} passed, ${s.failed} failed${s.note ? `  (${s.note})` : ""}`);
const totals = `${passed} passed, ${failed} failed`;
fs.writeFileSync(path.join(RESULTS, "totals.txt"), `${totals}\n`);
console.log(totals);
process.exitCode = failed > 0 ? 1 : 0;
