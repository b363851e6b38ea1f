/**
 * npm run bench:processes — one server process against two on one port (HARBOR_PROCESSES=2,
 * node:cluster), as `npm start` runs them, on the demo community in its own SQLite file
 * (data/bench-processes/harbor.db). For each: the empty page (the framework's ceiling), the home
 * page, a public group's board and the meetings list, 64 connections for --seconds (default 10)
 * each, after a warm-up. Prints requests/s and p50/p99; timings are printed, never asserted.
 * A machine whose other cores are busy shows less gain than an idle one: say which it was.
 *
 *   npm run bench:processes [-- --seconds 10] [-- --no-build]
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import autocannon from "autocannon";
import { startBenchServer } from "./server";

const args = process.argv.slice(2);
const SECONDS = Number(args[args.indexOf("--seconds") + 1]) || 10;
const DIR = "data/bench-processes";
const DB_FILE = `${DIR}/harbor.db`;
const PORT = Number(process.env.BENCH_PORT || 3290);
const PAGES: [string, string][] = [
  ["empty page", "/bench-empty"],
  ["home page", "/"],
  ["group board", "/groups/benzo-recovery-circle"],
  ["meetings list", "/meetings"],
];

async function cannon(url: string, connections: number, duration: number) {
  const result = await autocannon({ url, connections, duration, pipelining: 1 });
  return { rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

async function main() {
  if (!args.includes("--no-build")) {
    if (spawnSync("npm", ["run", "--silent", "build"], { stdio: "inherit" }).status !== 0) throw new Error("The build failed.");
  }
  if (!fs.existsSync(DB_FILE)) {
    fs.mkdirSync(DIR, { recursive: true });
    const seeded = spawnSync(process.execPath, ["--import", "tsx", "db/seed.ts", "--i-understand-this-adds-demo-accounts"], {
      stdio: "inherit",
      env: { ...process.env, DATABASE_URL: `file:${DB_FILE}`, HARBOR_DATA_KEY_FILE: `${DIR}/data-key` },
    });
    if (seeded.status !== 0) throw new Error("Seeding the demo community failed.");
  }
  const rows: { processes: number; page: string; rps: number; p50: number; p99: number; errors: number }[] = [];
  for (const processes of [1, 2]) {
    process.env.HARBOR_DATA_KEY_FILE = `${DIR}/data-key`;
    const server = await startBenchServer(DB_FILE, PORT, { processes });
    try {
      for (const [, page] of PAGES) await cannon(`http://127.0.0.1:${PORT}${page}`, 64, 3); // warm-up: every process, every page
      for (const [name, page] of PAGES) rows.push({ processes, page: name, ...(await cannon(`http://127.0.0.1:${PORT}${page}`, 64, SECONDS)) });
    } finally {
      server.kill("SIGTERM");
      await new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.once("exit", resolve)));
    }
  }
  console.log(
    `\n${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((n) => n.toFixed(1))
      .join(" ")}; 64 connections, ${SECONDS} s per page.`,
  );
  console.log("Page              1 process: req/s   p50    p99    | 2 processes: req/s   p50    p99");
  for (const [name] of PAGES) {
    const one = rows.find((r) => r.processes === 1 && r.page === name)!;
    const two = rows.find((r) => r.processes === 2 && r.page === name)!;
    const cell = (r: typeof one) => `${String(r.rps).padStart(8)}  ${`${r.p50} ms`.padStart(6)} ${`${r.p99} ms`.padStart(6)}${r.errors ? ` (${r.errors} errors)` : ""}`;
    console.log(`${name.padEnd(17)} ${cell(one)}    | ${cell(two)}`);
  }
  fs.writeFileSync(`${DIR}/results.json`, JSON.stringify({ date: new Date().toISOString(), node: process.version, cores: os.cpus().length, seconds: SECONDS, rows }, null, 2));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
