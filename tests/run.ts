/**
 * `npm test`: the whole suite —
 *   1. at once: typecheck (tsc), lint (ESLint), the format check (Prettier), the unit + integration tests (Vitest) on SQLite, and the
 *      database tests on PostgreSQL when a server is reachable (HARBOR_TEST_PG_URL, default
 *      postgres://postgres@127.0.0.1:5432/test; with HARBOR_TEST_PG_REQUIRED=1, as in CI, an
 *      unreachable server is a failure, otherwise the pass is skipped and the reason said). Each
 *      one's output is printed whole when it ends. Vitest runs these tests shuffled, with a seed
 *      that is printed (HARBOR_TEST_SEED=<n> repeats an order);
 *   2. the production build, then the server tests (tests/server: real `node build/server.js`
 *      processes — the request log, several processes on one port on SQLite; the compiled
 *      command-line tools), and the scale-out
 *      tests (two servers on one PostgreSQL database behind nginx; several processes on
 *      PostgreSQL) when PostgreSQL and nginx are there — skipped with the reason otherwise, a
 *      failure in CI (HARBOR_TEST_PG_REQUIRED=1);
 *   3. browser tests (Playwright in Chromium): two browsers side by side, then the few tests that
 *      change the whole site (tagged @site-wide) one at a time.
 * The last line is the totals: `N passed, N failed`.
 */
import { spawn, spawnSync } from "node:child_process";
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

/** Runs a command with its output kept; resolves with its exit code once that output is printed. */
function lane(name: string, command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.stderr.on("data", (c: Buffer) => chunks.push(c));
    const done = (code: number) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      console.log(`\n===== ${name} (${seconds} s): $ ${[command, ...args].join(" ")}`);
      process.stdout.write(Buffer.concat(chunks));
      console.log(`===== ${name}: exit ${code}`);
      resolve(code);
    };
    child.on("error", (error) => {
      chunks.push(Buffer.from(`${error.message}\n`));
      done(1);
    });
    child.on("close", (code) => done(code ?? 1));
  });
}

const SEED = Number(process.env.HARBOR_TEST_SEED) || Math.floor(Math.random() * 1_000_000) + 1;
const SHUFFLED = ["--sequence.shuffle", `--sequence.seed=${SEED}`];

async function vitest(name: string, env: Record<string, string>, filters: string[] = [], config: string[] = []): Promise<Suite> {
  const out = path.join(RESULTS, `${name}.json`);
  const code = await lane(name, bin("vitest"), ["run", ...config, ...filters, "--reporter=default", "--reporter=json", `--outputFile.json=${out}`], env);
  const report = readJson<{ numPassedTests: number; numFailedTests: number; numTotalTests: number; numPendingTests: number }>(out);
  if (!report) return { name, passed: 0, failed: 1, note: `Vitest did not report (exit ${code})` };
  const failed = report.numFailedTests + (code !== 0 && report.numFailedTests === 0 ? 1 : 0);
  const shuffled = config.includes("--sequence.shuffle") ? `seed ${SEED}` : undefined;
  return { name, passed: report.numPassedTests, failed, note: code !== 0 && report.numFailedTests === 0 ? `exit ${code} (a file failed to load?)` : shuffled };
}

async function check(name: string, command: string, args: string[]): Promise<Suite> {
  const code = await lane(name, command, args);
  return { name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 };
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

// 1. Types and the Vitest passes, side by side (each Vitest pass uses one worker per spare core).
async function postgresPass(): Promise<Suite> {
  const url = process.env.HARBOR_TEST_PG_URL || "postgres://postgres@127.0.0.1:5432/test";
  const required = process.env.HARBOR_TEST_PG_REQUIRED === "1";
  const problem = await postgresReachable(url);
  if (problem === null) {
    // Only the database tests: the pure unit tests run in the SQLite pass.
    return vitest("vitest-postgres", { HARBOR_TEST_DB: "postgres", HARBOR_TEST_PG_URL: url }, ["tests/integration"], SHUFFLED);
  }
  if (required) {
    console.error(`\nPostgreSQL is required (HARBOR_TEST_PG_REQUIRED=1) but ${url} is unreachable: ${problem}`);
    return { name: "vitest-postgres", passed: 0, failed: 1, note: `PostgreSQL unreachable: ${problem}` };
  }
  const masked = url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
  console.log(
    `\nSkipped the PostgreSQL pass: no PostgreSQL server answered at ${masked} (${problem}). Start one, or set HARBOR_TEST_PG_URL, to run the database tests on PostgreSQL too.`,
  );
  return { name: "vitest-postgres", passed: 0, failed: 0, note: "skipped: PostgreSQL unreachable" };
}

console.log(`Vitest runs the tests shuffled with seed ${SEED} (HARBOR_TEST_SEED=${SEED} npm test repeats this order).`);
suites.push(
  ...(await Promise.all([
    check("typecheck", bin("tsc"), ["--noEmit"]),
    check("lint", bin("eslint"), ["."]),
    check("format", bin("prettier"), ["--check", "--log-level=warn", "."]),
    vitest("vitest-sqlite", { HARBOR_TEST_DB: "sqlite" }, [], SHUFFLED),
    postgresPass(),
  ])),
);

// 2. The production build, then the server tests on it
const built = sh("npm", ["run", "--silent", "build"]) === 0;
if (!built) suites.push({ name: "build", passed: 0, failed: 1, note: "the production build failed" });
else {
  const serverConfig = ["--config", "tests/server/vitest.config.ts"];
  suites.push(
    await vitest(
      "server",
      { HARBOR_TEST_DB: "sqlite" },
      ["tests/server/logs.test.ts", "tests/server/processes.test.ts", "tests/server/cli.test.ts", "tests/server/refusals.test.ts"],
      serverConfig,
    ),
  );
  const url = process.env.HARBOR_TEST_PG_URL || "postgres://postgres@127.0.0.1:5432/test";
  const pgProblem = await postgresReachable(url);
  const missing =
    pgProblem !== null
      ? `PostgreSQL unreachable at ${url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@")}: ${pgProblem}`
      : nginxBinary() === null
        ? "nginx is not installed (apt-get install -y nginx)"
        : null;
  if (missing === null)
    suites.push(
      await vitest(
        "scale-out",
        { HARBOR_TEST_DB: "postgres", HARBOR_TEST_PG_URL: url },
        ["tests/server/scale-out.test.ts", "tests/server/processes.test.ts", "tests/server/cli.test.ts"],
        serverConfig,
      ),
    );
  else if (process.env.HARBOR_TEST_PG_REQUIRED === "1") suites.push({ name: "scale-out", passed: 0, failed: 1, note: missing });
  else {
    console.log(`\nSkipped the scale-out tests (two servers behind nginx on PostgreSQL): ${missing}.`);
    suites.push({ name: "scale-out", passed: 0, failed: 0, note: `skipped: ${missing}` });
  }
}

// 3. Browser tests against the production build (HARBOR_E2E_WORKERS browsers side by side, default 2)
const E2E_WORKERS = Math.max(1, Number(process.env.HARBOR_E2E_WORKERS) || 2);
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
    // Two passes (see playwright.config.ts): the tests that own their data side by side, then the
    // few that change the whole site (@site-wide) one at a time, each pass on a freshly seeded server.
    const passes = [
      { name: "playwright", args: ["--grep-invert", "@site-wide", `--workers=${E2E_WORKERS}`] },
      { name: "playwright-site-wide", args: ["--grep", "@site-wide", "--workers=1"] },
    ];
    for (const pass of passes) {
      const out = path.join(RESULTS, `${pass.name}.json`);
      const code = sh(bin("playwright"), ["test", "--reporter=list,json", ...pass.args], { PLAYWRIGHT_JSON_OUTPUT_NAME: out });
      const report = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(out);
      if (!report) suites.push({ name: pass.name, passed: 0, failed: 1, note: `Playwright did not report (exit ${code})` });
      else {
        const failed = report.stats.unexpected + report.stats.flaky + (code !== 0 && report.stats.unexpected === 0 ? 1 : 0);
        suites.push({ name: pass.name, passed: report.stats.expected, failed });
      }
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
