/**
 * npm run bench:meetings (also the second half of npm run bench) — the meeting directory at scale.
 *
 * 1. Generates 5,000 weekly meetings (plus one-off meetings and cancellations) in 60 groups, 48
 *    public and 12 private, across 12 time zones, into data/bench/harbor-meetings-bench.db
 *    (reused on later runs; --fresh regenerates).
 * 2. Builds Harbor, counts each page's SQL queries on a server that counts them, then starts the
 *    production server on it as operators run it for the timings.
 * 3. Measures with autocannon on loopback (short runs: this is a shared machine): the directory
 *    for a visitor and for a signed-in member of every private group, a filtered directory,
 *    page 10 of the directory, a meeting page, the Meeting Guide feed and the site's iCalendar feed.
 * 4. Prints the median time of a request alone, requests/s, p50/p99 latency under load, server
 *    CPU per request (inflated for slow pages: requests still in flight at the end count for
 *    nothing) and the SQL queries each page
 *    ran (the directory's count does not grow with the number of meetings); writes
 *    data/bench/meetings-results.json.
 *
 * 5. Before those, the directory's server CPU per request against the empty page's, side by side
 *    in rounds (tests/bench/cpu-ratio.ts), with issue 21's budget: a visitor's at most 5×, a
 *    member's at most 8×; printed again at the end.
 *
 *   npm run bench:meetings [-- --fresh] [-- --seconds 3] [-- --rounds 7 --round-seconds 2] [-- --cpu-only]
 * Timings are printed, never asserted.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import autocannon from "autocannon";
import { createDb } from "../../db/client";
import { migrateToLatest } from "../../db/migrator";
import { createSession } from "../../app/models/sessions.server";
import { hashPassword } from "../../app/utils/password.server";
import { countQueries, cpuMs, startBenchServer, type QueryCount } from "./server";
import { compareCpu, printCpuRatios } from "./cpu-ratio";

const args = process.argv.slice(2);
const FRESH = args.includes("--fresh");
const numberArg = (name: string) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : NaN);
const SECONDS = numberArg("--seconds") || 3;
/** The directory's CPU against the empty page's: ROUNDS rounds of about ROUND_SECONDS a page. */
const ROUNDS = numberArg("--rounds") || 7;
const ROUND_SECONDS = numberArg("--round-seconds") || 2;
/** Issue 21's budget: a visitor's directory at most 5× the empty page's CPU per request, a member's 8×. */
const VISITOR_TARGET = 5;
const MEMBER_TARGET = 8;
const DIR = "data/bench";
const DB_FILE = path.join(DIR, "harbor-meetings-bench.db");
const RESULTS = path.join(DIR, "meetings-results.json");
const PORT = Number(process.env.BENCH_PORT || 3231);
const BASE = `http://127.0.0.1:${PORT}`;

const WEEKLY = 5_000;
const ONE_OFF = 200;
const GROUPS = 60;
const PRIVATE_EVERY = 5;
const ZONES = [
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Los_Angeles",
  "Europe/London",
  "Europe/Berlin",
  "Asia/Kolkata",
  "Australia/Sydney",
  "Australia/Adelaide",
  "America/Sao_Paulo",
  "Africa/Johannesburg",
  "Pacific/Auckland",
];
const TYPES = ["O", "C", "D", "SP", "B", "BE", "W", "M", "Y", "LGBTQ", "X", "ST", "11", "MED"];
const MEMBER_ID = "benchmember000000000000001";

function rand(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x / 0x7fffffff;
  };
}

async function generate(): Promise<void> {
  fs.mkdirSync(DIR, { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(DB_FILE + suffix, { force: true });
  const handle = createDb(`file:${DB_FILE}`);
  await migrateToLatest(handle.db);
  await handle.db.destroy();
  const db = new SQLite(DB_FILE);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const now = new Date().toISOString();
  const r = rand(42);
  db.transaction(() => {
    db.prepare(
      "INSERT INTO users (id, email, display_name, display_name_key, password_hash, role, time_zone, bio, created_at, updated_at) VALUES (?, 'member@bench.test', 'Bench Member', 'bench member', ?, 'member', 'Europe/London', '', ?, ?)",
    ).run(MEMBER_ID, "x", now, now);
    // A site with an admin (one without is led to /setup on every page).
    db.prepare(
      "INSERT INTO users (id, email, display_name, display_name_key, password_hash, role, time_zone, bio, created_at, updated_at) VALUES ('bench-admin', 'admin@bench.test', 'Bench Admin', 'benchadmin', 'x', 'admin', 'UTC', '', ?, ?)",
    ).run(now, now);
    const insertGroup = db.prepare("INSERT INTO groups (id, slug, name, kind, visibility, created_at, updated_at) VALUES (?, ?, ?, 'twelve_step', ?, ?, ?)");
    const insertMember = db.prepare("INSERT INTO group_members (group_id, user_id, role, joined_at) VALUES (?, ?, 'member', ?)");
    for (let g = 1; g <= GROUPS; g++) {
      const priv = g % PRIVATE_EVERY === 0;
      insertGroup.run(g, `group-${g}`, `Bench group ${g}`, priv ? "private" : "public", now, now);
      if (priv) insertMember.run(g, MEMBER_ID, now);
    }
    const insertMeeting = db.prepare(
      `INSERT INTO meetings (group_id, slug, feed_slug, name, notes, kind, days, one_off_date, start_time, end_time, time_zone, attendance, location_name, address, conference_url, types, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)`,
    );
    const pad = (n: number) => String(n).padStart(2, "0");
    for (let i = 1; i <= WEEKLY + ONE_OFF; i++) {
      const oneOff = i > WEEKLY;
      const days = [...new Set(Array.from({ length: 1 + Math.floor(r() * 3) }, () => Math.floor(r() * 7)))].sort().join(",");
      const start = Math.floor(r() * 96) * 15;
      const end = (start + 60 + Math.floor(r() * 3) * 15) % 1440;
      const attendance = ["in_person", "online", "hybrid"][Math.floor(r() * 3)]!;
      const types = [...new Set([TYPES[Math.floor(r() * TYPES.length)]!, TYPES[Math.floor(r() * TYPES.length)]!])].join(",");
      const date = new Date(Date.now() + Math.floor(r() * 20 - 5) * 86_400_000).toISOString().slice(0, 10);
      insertMeeting.run(
        1 + (i % GROUPS),
        `bench-meeting-${i}`,
        `bench-meeting-${i}`,
        `Bench meeting ${i}`,
        oneOff ? "one_off" : "weekly",
        oneOff ? "" : days,
        oneOff ? date : null,
        `${pad(Math.floor(start / 60))}:${pad(start % 60)}`,
        `${pad(Math.floor(end / 60))}:${pad(end % 60)}`,
        ZONES[i % ZONES.length],
        attendance,
        attendance === "online" ? "" : `Hall ${i}`,
        attendance === "online" ? "" : `${i} Main Street`,
        attendance === "in_person" ? "" : `https://zoom.us/j/${1000000 + i}`,
        types,
        now,
        now,
      );
    }
    const insertException = db.prepare(
      "INSERT OR IGNORE INTO meeting_occurrences (meeting_id, occurrence_date, cancelled, cancel_reason, note, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
    );
    for (let i = 0; i < 500; i++) {
      const date = new Date(Date.now() + Math.floor(r() * 7) * 86_400_000).toISOString().slice(0, 10);
      insertException.run(1 + Math.floor(r() * WEEKLY), date, i % 2, i % 2 ? "Holiday" : "", i % 2 ? "" : "Room 2 this week", now);
    }
  })();
  db.close();
}

async function memberCookie(): Promise<string> {
  const handle = createDb(`file:${DB_FILE}`);
  try {
    await handle.db
      .updateTable("users")
      .set({ password_hash: await hashPassword("bench-member-password") })
      .where("id", "=", MEMBER_ID)
      .execute();
    const { token } = await createSession(handle.db, MEMBER_ID);
    return `harbor_session=${token}`;
  } finally {
    await handle.db.destroy();
  }
}

let serverPid: number | undefined;

async function measure(name: string, pagePath: string, counted: QueryCount, cookie?: string) {
  const headers: Record<string, string> = cookie ? { cookie } : {};
  const run = (connections: number) => autocannon({ url: `${BASE}${pagePath}`, connections, duration: SECONDS, headers, timeout: 30 });
  await run(4);
  // One request at a time: the page's own time, without the queueing of concurrent runs.
  const single: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    await (await fetch(`${BASE}${pagePath}`, { headers })).arrayBuffer();
    single.push(performance.now() - t0);
  }
  single.sort((a, b) => a - b);
  const before = cpuMs(serverPid);
  const throughput = await run(32);
  const after = cpuMs(serverPid);
  const latency = await run(4);
  const m = {
    name,
    path: pagePath,
    queries: counted.queries,
    kb: Math.round(counted.bytes / 1024),
    medianAlone: Math.round(single[5]!),
    rps32: Math.round(throughput.requests.average),
    p50_4: latency.latency.p50,
    p99_4: latency.latency.p99,
    cpuMsPerRequest: before === null || after === null ? null : Math.round(((after - before) / Math.max(1, throughput.requests.total)) * 10) / 10,
    errors: throughput.errors + latency.errors + throughput.non2xx + latency.non2xx,
  };
  console.log(
    `  ${name.padEnd(32)} alone ${String(m.medianAlone).padStart(4)} ms   ${String(m.rps32).padStart(5)} req/s   p50 ${m.p50_4.toFixed(0).padStart(4)} ms   p99 ${m.p99_4.toFixed(0).padStart(4)} ms   ${m.cpuMsPerRequest ?? "?"} ms CPU/req   ${m.queries ?? "?"} queries   ${m.kb} kB${m.errors ? `   ${m.errors} failed` : ""}`,
  );
  return m;
}

async function main() {
  if (FRESH || !fs.existsSync(DB_FILE)) {
    console.log(`Generating ${WEEKLY} weekly and ${ONE_OFF} one-off meetings into ${DB_FILE}…`);
    await generate();
  } else {
    console.log(`Using ${DB_FILE} (--fresh regenerates it).`);
  }
  if (!args.includes("--no-build")) {
    const build = spawnSync("npm", ["run", "--silent", "build"], { stdio: "inherit" });
    if (build.status !== 0) throw new Error("The build failed.");
  }
  const cookie = await memberCookie();
  const pages: [string, string, string?][] = [
    ["empty page", "/bench-empty"],
    ["directory, visitor", "/meetings"],
    ["directory, member (private too)", "/meetings", cookie],
    ["directory, filtered", "/meetings?day=2&time=evening&attendance=online"],
    ["directory, page 10", "/meetings?page=10"],
    ["meeting page", "/meetings/bench-meeting-42"],
    ["Meeting Guide feed (JSON)", "/api/meetings.json"],
    ["site calendar (.ics)", "/meetings.ics"],
  ];
  const counted = await countQueries(
    DB_FILE,
    PORT,
    pages.map(([, pagePath, pageCookie]) => ({ path: pagePath, headers: pageCookie ? { cookie: pageCookie } : undefined })),
  );
  const server = await startBenchServer(DB_FILE, PORT);
  serverPid = server.pid;
  const measures = [];
  let cpu;
  try {
    console.log(
      `Server CPU per request side by side with the empty page: ${ROUNDS} rounds of about ${ROUND_SECONDS} s a page at 4 connections (every request answered; medians over the rounds):`,
    );
    cpu = await compareCpu(
      BASE,
      serverPid,
      [
        { name: "empty page", path: "/bench-empty" },
        { name: "directory, visitor", path: "/meetings", target: VISITOR_TARGET },
        { name: "directory, member (private too)", path: "/meetings", headers: { cookie }, target: MEMBER_TARGET },
      ],
      { rounds: ROUNDS, roundSeconds: ROUND_SECONDS, warmSeconds: 3, connections: 4 },
    );
    printCpuRatios(cpu);
    if (!args.includes("--cpu-only")) console.log(`Measuring each page (${SECONDS} s each; throughput at 32 connections, latency at 4):`);
    if (!args.includes("--cpu-only")) for (const [i, [name, pagePath, pageCookie]] of pages.entries()) measures.push(await measure(name, pagePath, counted[i]!, pageCookie));
  } finally {
    server.kill("SIGTERM");
  }
  console.log("The directory against the empty page (from the rounds above):");
  printCpuRatios(cpu);
  fs.writeFileSync(
    RESULTS,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        seconds: SECONDS,
        meetings: WEEKLY + ONE_OFF,
        cpuAgainstEmpty: { rounds: ROUNDS, roundSeconds: ROUND_SECONDS, pages: cpu },
        measures,
      },
      null,
      2,
    ),
  );
  console.log(`Results written to ${RESULTS}.`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
