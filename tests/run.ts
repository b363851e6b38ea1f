/**
 * `npm test`: the whole suite, in steps that keep a two-core machine busy without piling more on
 * it than it can take —
 *   1. at once: the production build, typecheck (tsc), lint (ESLint), the format check (Prettier),
 *      the unit + integration tests (Vitest) on SQLite, and the database tests on PostgreSQL when a
 *      server is reachable (HARBOR_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/test;
 *      with HARBOR_TEST_PG_REQUIRED=1, as in CI, an unreachable server is a failure, otherwise the
 *      pass is skipped and the reason said). Each one's output is printed whole when it ends.
 *      Vitest runs these tests shuffled, with a seed that is printed (HARBOR_TEST_SEED=<n> repeats
 *      an order);
 *   2. as soon as the build is done, beside the rest of step 1: the browser tests (Playwright in
 *      Chromium) that own their data, two browsers side by side, against the production build on a
 *      freshly seeded server;
 *   3. once steps 1 and 2 are done, at once, as each of them keeps about one core busy: the few
 *      browser tests that change the whole site (tagged @site-wide), one at a time on the same
 *      server, and the server tests (tests/server: real `node build/server.js` processes — the
 *      request log, several processes on one port on SQLite; the compiled command-line tools), then
 *      the scale-out tests (two servers on one PostgreSQL database behind nginx; several processes
 *      on PostgreSQL) when PostgreSQL and nginx are there — skipped with the reason otherwise, a
 *      failure in CI (HARBOR_TEST_PG_REQUIRED=1).
 * The summary gives each lane's wall-clock time and, where /usr/bin/time is there, the CPU time it
 * used (user + system, its child processes included). The last line is the totals: `N passed, N failed`.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import playwrightConfig from "../playwright.config";
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
  /** The lane's wall-clock seconds and, when measured, its CPU seconds (user + system). */
  time?: LaneTime;
}
interface LaneTime {
  seconds: number;
  cpu?: number;
}
interface LaneResult extends LaneTime {
  code: number;
}
const suites: Suite[] = [];
const bin = (name: string) => path.join("node_modules", ".bin", name);
const RUN_STARTED = Date.now();

// GNU time, when the machine has it, measures each lane's CPU time (its children included): on a
// busy machine the wall-clock times say little, the CPU times still compare.
const GNU_TIME = fs.existsSync("/usr/bin/time") && spawnSync("/usr/bin/time", ["-f", "%U", "true"]).status === 0 ? "/usr/bin/time" : null;
let timeFiles = 0;
function timed(command: string, args: string[]): { command: string; args: string[]; cpu: () => number | undefined } {
  if (!GNU_TIME) return { command, args, cpu: () => undefined };
  const file = path.join(RESULTS, `cpu-${++timeFiles}.txt`);
  return {
    command: GNU_TIME,
    args: ["-q", "-f", "%U %S", "-o", file, command, ...args],
    cpu: () => {
      const [user, system] = (fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim().split("\n").pop()! : "").split(" ").map(Number);
      return Number.isFinite(user) && Number.isFinite(system) ? user! + system! : undefined;
    },
  };
}

function formatTime(time?: LaneTime): string {
  if (!time) return "";
  return `${time.seconds.toFixed(0)} s${time.cpu !== undefined ? `, CPU ${time.cpu.toFixed(0)} s` : ""}`;
}

/** Runs a command with its output shown as it comes (the browser tests: long, and worth watching). */
function sh(name: string, command: string, args: string[], env: Record<string, string> = {}): Promise<LaneResult> {
  const started = Date.now();
  const run = timed(command, args);
  console.log(`\n===== ${name}: $ ${[command, ...args].join(" ")}`);
  return new Promise((resolve) => {
    const child = spawn(run.command, run.args, { stdio: "inherit", env: { ...process.env, ...env } });
    const done = (code: number) => {
      const time = { seconds: (Date.now() - started) / 1000, cpu: run.cpu() };
      console.log(`===== ${name}: exit ${code} (${formatTime(time)})`);
      resolve({ code, ...time });
    };
    child.on("error", () => done(1));
    child.on("close", (code) => done(code ?? 1));
  });
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

/** Runs a command with its output kept; resolves with its exit code and times once that output is printed. */
function lane(name: string, command: string, args: string[], env: Record<string, string> = {}): Promise<LaneResult> {
  const started = Date.now();
  const run = timed(command, args);
  return new Promise((resolve) => {
    const child = spawn(run.command, run.args, { env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.stderr.on("data", (c: Buffer) => chunks.push(c));
    const done = (code: number) => {
      const time = { seconds: (Date.now() - started) / 1000, cpu: run.cpu() };
      console.log(`\n===== ${name} (${formatTime(time)}): $ ${[command, ...args].join(" ")}`);
      process.stdout.write(Buffer.concat(chunks));
      console.log(`===== ${name}: exit ${code}`);
      resolve({ code, ...time });
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
  const { code, ...time } = await lane(name, bin("vitest"), ["run", ...config, ...filters, "--reporter=default", "--reporter=json", `--outputFile.json=${out}`], env);
  const report = readJson<{ numPassedTests: number; numFailedTests: number; numTotalTests: number; numPendingTests: number }>(out);
  if (!report) return { name, passed: 0, failed: 1, note: `Vitest did not report (exit ${code})`, time };
  const failed = report.numFailedTests + (code !== 0 && report.numFailedTests === 0 ? 1 : 0);
  const shuffled = config.includes("--sequence.shuffle") ? `seed ${SEED}` : undefined;
  return { name, passed: report.numPassedTests, failed, note: code !== 0 && report.numFailedTests === 0 ? `exit ${code} (a file failed to load?)` : shuffled, time };
}

async function check(name: string, command: string, args: string[]): Promise<Suite> {
  const { code, ...time } = await lane(name, command, args);
  return { name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, time };
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

// 1. Types, lint, format, the Vitest passes and the build, side by side (each Vitest pass uses one
// worker per spare core).
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

async function build(): Promise<Suite> {
  const { code, ...time } = await lane("build", "npm", ["run", "--silent", "build"]);
  return { name: "build", passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, note: code === 0 ? undefined : "the production build failed", time };
}

console.log(`Vitest runs the tests shuffled with seed ${SEED} (HARBOR_TEST_SEED=${SEED} npm test repeats this order).`);
// 1. The build, and beside it the checks and Vitest. The browser tests need only the build, so they
// start as soon as it is done (step 2) while the checks go on: both leave a core idle much of the
// time (Vitest on PostgreSQL waits on the database, a browser test on pages), so side by side they
// take little longer than the longer of the two.
const buildRun = build();
const checksRun = Promise.all([
  check("typecheck", bin("tsc"), ["--noEmit"]),
  check("lint", bin("eslint"), ["."]),
  check("format", bin("prettier"), ["--check", "--log-level=warn", "."]),
  vitest("vitest-sqlite", { HARBOR_TEST_DB: "sqlite" }, [], SHUFFLED),
  postgresPass(),
]);

/** The server tests on the build, then the scale-out tests (one after the other: they share ports). */
async function serverTests(built: boolean): Promise<Suite[]> {
  if (!built) return []; // the build's own failure is counted
  const done: Suite[] = [];
  const serverConfig = ["--config", "tests/server/vitest.config.ts"];
  done.push(
    await vitest(
      "server",
      { HARBOR_TEST_DB: "sqlite" },
      ["tests/server/logs.test.ts", "tests/server/processes.test.ts", "tests/server/cli.test.ts", "tests/server/refusals.test.ts", "tests/server/responses.test.ts"],
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
    done.push(
      await vitest(
        "scale-out",
        { HARBOR_TEST_DB: "postgres", HARBOR_TEST_PG_URL: url },
        ["tests/server/scale-out.test.ts", "tests/server/processes.test.ts", "tests/server/cli.test.ts"],
        serverConfig,
      ),
    );
  else if (process.env.HARBOR_TEST_PG_REQUIRED === "1") done.push({ name: "scale-out", passed: 0, failed: 1, note: missing });
  else {
    console.log(`\nSkipped the scale-out tests (two servers behind nginx on PostgreSQL): ${missing}.`);
    done.push({ name: "scale-out", passed: 0, failed: 0, note: `skipped: ${missing}` });
  }
  return done;
}

// The browser tests' server (playwright.config.ts's webServer), started here once for both passes:
// Playwright finds it answering and uses it (reuseExistingServer with HARBOR_E2E_SERVER=shared).
interface E2eServer {
  stop: () => Promise<void>;
}
async function startE2eServer(): Promise<E2eServer | string> {
  const web = playwrightConfig.webServer;
  if (!web || Array.isArray(web) || !web.url) return "playwright.config.ts has no single webServer";
  const answers = (url: string) =>
    fetch(url).then(
      (r) => r.ok,
      () => false,
    );
  if (await answers(web.url)) return `something already answers at ${web.url}: stop it, or pick another port with E2E_PORT`;
  // Its own process group (detached), so stopping it stops the shell and the server it started.
  const child = spawn("sh", ["-c", web.command], { env: { ...process.env, ...web.env }, stdio: ["ignore", "ignore", "pipe"], detached: true });
  let output = "";
  child.stderr!.on("data", (c: Buffer) => {
    output += c.toString("utf8");
    // As Playwright shows its webServer's errors (stderr: "pipe").
    for (const line of c.toString("utf8").split("\n")) if (line) process.stderr.write(`[WebServer] ${line}\n`);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const kill = () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      child.kill("SIGTERM");
    }
  };
  process.once("exit", kill);
  const stop = async () => {
    kill();
    await exited;
  };
  const until = Date.now() + (web.timeout ?? 120_000);
  while (Date.now() < until) {
    if (child.exitCode !== null) return `the browser tests' server stopped (exit ${child.exitCode}):\n${output}`;
    if (await answers(web.url)) return { stop };
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  return `the browser tests' server did not answer ${web.url} in time:\n${output}`;
}

async function playwrightPass(name: string, args: string[]): Promise<Suite> {
  const out = path.join(RESULTS, `${name}.json`);
  const { code, ...time } = await sh(name, bin("playwright"), ["test", "--reporter=list,json", ...args], { PLAYWRIGHT_JSON_OUTPUT_NAME: out, HARBOR_E2E_SERVER: "shared" });
  const report = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(out);
  if (!report) return { name, passed: 0, failed: 1, note: `Playwright did not report (exit ${code})`, time };
  const failed = report.stats.unexpected + report.stats.flaky + (code !== 0 && report.stats.unexpected === 0 ? 1 : 0);
  return { name, passed: report.stats.expected, failed, time };
}

// 2. Browser tests against the production build (HARBOR_E2E_WORKERS browsers side by side, default
// 2), beside what is left of step 1; 3. once step 1 is done, the @site-wide ones alone beside the
// server tests. Traces are off here (a trace of every test cost about a quarter of the browser
// tests' CPU); run a failing file alone with `playwright test` to get its trace.
const E2E_WORKERS = Math.max(1, Number(process.env.HARBOR_E2E_WORKERS) || 2);
async function browserAndServerTests(buildSuite: Suite): Promise<Suite[]> {
  const built = buildSuite.failed === 0;
  const afterChecks = async (browser: Suite[], siteWide?: () => Promise<Suite>) => {
    await checksRun;
    const [site, server] = await Promise.all([siteWide ? siteWide() : Promise.resolve(null), serverTests(built)]);
    return [...browser, ...(site ? [site] : []), ...server];
  };
  const chromium = findChromium();
  const playwrightOwn = fs.existsSync(path.join(process.env.HOME ?? "", ".cache", "ms-playwright"));
  let browserProblem: string | null = null;
  if (!chromium && !playwrightOwn) {
    console.error(
      "\nBrowser tests need Chromium and none was found. Install Debian's: `apt-get install -y chromium` (it lands in /usr/bin/chromium), or point HARBOR_CHROMIUM at a Chromium or Chrome binary.",
    );
    browserProblem = "Chromium not found";
  } else if (!built) browserProblem = "the production build failed";
  if (browserProblem !== null) return afterChecks([{ name: "playwright", passed: 0, failed: 1, note: browserProblem }]);
  // Two passes on one freshly seeded server (see playwright.config.ts): the tests that own their
  // data side by side, then the few that change the whole site (@site-wide) one at a time — they
  // are written to pass after the others, on the same site.
  const started = Date.now();
  const server = await startE2eServer();
  if (typeof server === "string") {
    console.error(`\n${server}`);
    return afterChecks([{ name: "playwright", passed: 0, failed: 1, note: "the browser tests' server did not start" }]);
  }
  console.log(`\nThe browser tests' server is up (seeded and started in ${((Date.now() - started) / 1000).toFixed(0)} s).`);
  try {
    const browser = await playwrightPass("playwright", ["--grep-invert", "@site-wide", `--workers=${E2E_WORKERS}`, "--trace=off"]);
    return await afterChecks([browser], () => playwrightPass("playwright-site-wide", ["--grep", "@site-wide", "--workers=1", "--trace=off"]));
  } finally {
    await server.stop();
  }
}

const buildSuite = await buildRun;
const [checkSuites, laterSuites] = await Promise.all([checksRun, browserAndServerTests(buildSuite)]);
suites.push(...checkSuites, buildSuite, ...laterSuites);

const passed = suites.reduce((n, s) => n + s.passed, 0);
const failed = suites.reduce((n, s) => n + s.failed, 0);
console.log("\nSuites:");
for (const s of suites) console.log(`  ${s.name.padEnd(21)} ${`${s.passed} passed, ${s.failed} failed`.padEnd(22)} ${formatTime(s.time).padEnd(18)}${s.note ? `  ${s.note}` : ""}`);
console.log(`  ${"all".padEnd(21)} ${"".padEnd(22)} ${((Date.now() - RUN_STARTED) / 1000).toFixed(0)} s`);
const totals = `${passed} passed, ${failed} failed`;
fs.writeFileSync(path.join(RESULTS, "totals.txt"), `${totals}\n`);
console.log(totals);
process.exitCode = failed > 0 ? 1 : 0;
