/**
 * npm run bench — the boards at scale, measured as operators would run Harbor.
 *
 * 1. Generates a large community into its own SQLite file (data/bench/harbor-bench.db): 50,000
 *    members, 200 groups, 1,000,000+ posts, one thread with 1,000 replies, reactions and a full
 *    search index. Reused on later runs (delete the file, or pass --fresh, to regenerate).
 * 2. Builds Harbor; counts each page's SQL queries on a server that counts them
 *    (HARBOR_QUERY_COUNT=1), then starts the production server on it as operators run it
 *    (node build/server.js, which is what `npm start` runs) for the timings.
 * 3. Measures with autocannon on loopback: an empty page (the framework's ceiling, served the
 *    same way), a group board, the 1,000-reply thread on its first and last page, and a search;
 *    throughput at 64 connections, latency at 8.
 * 4. Prints requests/s, p50 and p99 latency, each page's throughput as a share of the empty
 *    page's (in pairs of short runs one after the other, the median of their ratios: this VM's
 *    speed drifts), the SQL queries each page ran and the query plans of the hot queries; writes
 *    it all to data/bench/results.json.
 *
 *   npm run bench [-- --fresh] [-- --seconds 10]
 * Timings are printed, never asserted: this is a measurement, not a test.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import autocannon from "autocannon";
import { createDb } from "../../db/client";
import { migrateToLatest } from "../../db/migrator";
import { dropPlannerValueSamples } from "../../db/planner-statistics";
import { hashPassword } from "../../app/utils/password.server";
import { countQueries, cpuMs, startBenchServer, type QueryCount } from "./server";

const args = process.argv.slice(2);
const FRESH = args.includes("--fresh");
/** Latency run length (--seconds); throughput is taken in ROUNDS pairs of ROUND_SECONDS-s runs. */
const SECONDS = Number(args[args.indexOf("--seconds") + 1]) || 10;
const ROUNDS = 6;
const ROUND_SECONDS = 3;
const WARM_UP_SECONDS = 5;
const EMPTY = "/bench-empty";
const DIR = "data/bench";
const DB_FILE = path.join(DIR, "harbor-bench.db");
const RESULTS = path.join(DIR, "results.json");
const PORT = Number(process.env.BENCH_PORT || 3230);
const BASE = `http://127.0.0.1:${PORT}`;

const MEMBERS = 50_000;
const GROUPS = 200;
const TARGET_POSTS = 1_000_000;
const POSTS_PER_THREAD = 20;
const BIG_THREAD_REPLIES = 1_000;

const WORDS = (
  "today sleep craving meeting sponsor walk morning evening anxiety taper prescriber family friend " +
  "hope grateful tired hard day week month chip coffee garden music breathe patience slowly " +
  "honest share listen support kind small step gentle rest water call text group circle home " +
  "work weekend quiet calm rain sun light dark night long short easy better worse still again"
).split(" ");
const RARE = ["lighthouse", "harbourmaster", "marigold", "tangerine", "sailboat", "compass", "lantern", "driftwood"];

function sentence(seed: number, words: number): string {
  const out: string[] = [];
  let x = seed;
  for (let i = 0; i < words; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out.push(WORDS[x % WORDS.length]!);
  }
  if (seed % 997 === 0) out.push(RARE[seed % RARE.length]!);
  const text = out.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1) + ".";
}

async function generate(): Promise<void> {
  fs.mkdirSync(DIR, { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(DB_FILE + suffix, { force: true });
  const started = Date.now();
  const handle = createDb(`file:${DB_FILE}`);
  await migrateToLatest(handle.db);
  await handle.db.destroy();

  const db = new SQLite(DB_FILE);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF"); // generation only; the server reopens it with Harbor's settings
  db.pragma("foreign_keys = OFF");
  const passwordHash = await hashPassword("bench-member-password");
  const epoch = Date.parse("2025-01-01T00:00:00.000Z");
  const iso = (minutes: number) => new Date(epoch + minutes * 60_000).toISOString();

  const insertUser = db.prepare(
    "INSERT INTO users (id, email, display_name, display_name_key, password_hash, role, time_zone, bio, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'America/New_York', '', ?, ?)",
  );
  const insertGroup = db.prepare(
    "INSERT INTO groups (id, slug, name, kind, visibility, description_source, description_html, guidelines_source, guidelines_html, created_at, updated_at, member_count, thread_count, last_activity_at) VALUES (?, ?, ?, ?, ?, ?, ?, '', '', ?, ?, 0, 0, NULL)",
  );
  const insertMember = db.prepare("INSERT OR IGNORE INTO group_members (group_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)");
  const insertThread = db.prepare(
    "INSERT INTO threads (id, group_id, author_id, title, created_at, last_post_at, post_count, is_pinned, is_locked) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)",
  );
  const insertPost = db.prepare(
    "INSERT INTO posts (id, thread_id, group_id, author_id, position, status, body_source, body_html, created_at) VALUES (?, ?, ?, ?, ?, 'published', ?, ?, ?)",
  );
  const insertSearch = db.prepare("INSERT INTO post_search (rowid, title, body, grp) VALUES (?, ?, ?, ?)");
  const insertReaction = db.prepare("INSERT OR IGNORE INTO post_reactions (post_id, user_id, kind, created_at) VALUES (?, ?, ?, ?)");
  const userId = (n: number) => `bench${n.toString().padStart(8, "0")}`;

  db.transaction(() => {
    for (let n = 0; n < MEMBERS; n++) {
      insertUser.run(userId(n), `member${n}@bench.test`, `Member ${n}`, `member${n}`, passwordHash, n === 0 ? "admin" : "member", iso(n), iso(n));
    }
    for (let g = 1; g <= GROUPS; g++) {
      const visibility = g % 10 === 0 ? "private" : g % 25 === 0 ? "hidden" : "public";
      const description = `Group ${g}: ${sentence(g, 12)}`;
      insertGroup.run(g, `group-${g}`, `Group ${g.toString().padStart(3, "0")}`, g % 2 ? "topic" : "alumni", visibility, description, `<p>${description}</p>`, iso(0), iso(0));
    }
    // Every member belongs to three groups.
    for (let n = 0; n < MEMBERS; n++)
      for (let k = 0; k < 3; k++) insertMember.run(((n * 7 + k * 67) % GROUPS) + 1, userId(n), k === 0 && n < GROUPS ? "moderator" : "member", iso(n));
  })();
  console.log(`  members and groups: ${((Date.now() - started) / 1000).toFixed(1)} s`);

  let postId = 0;
  let threadId = 0;
  let minute = 1_000;
  const addThread = (groupId: number, posts: number) => {
    threadId += 1;
    const title = sentence(threadId * 31, 6).replace(/\.$/, "");
    const first = minute;
    for (let position = 0; position < posts; position++) {
      postId += 1;
      minute += 1;
      const author = userId((postId * 13) % MEMBERS);
      const text = sentence(postId, 18 + (postId % 30));
      insertPost.run(postId, threadId, groupId, author, position, text, `<p>${text}</p>`, iso(minute));
      insertSearch.run(-postId, position === 0 ? title : "", text, `g${groupId}`);
      if (postId % 4 === 0) insertReaction.run(postId, userId((postId * 17) % MEMBERS), ["support", "thanks", "me_too", "proud"][postId % 4], iso(minute));
    }
    insertThread.run(threadId, groupId, userId((threadId * 13) % MEMBERS), title, iso(first), iso(minute), posts);
  };
  const batch = 50_000;
  while (postId < TARGET_POSTS) {
    db.transaction(() => {
      const stop = Math.min(TARGET_POSTS, postId + batch);
      while (postId < stop) addThread((threadId % GROUPS) + 1, POSTS_PER_THREAD);
    })();
    process.stdout.write(`\r  posts: ${postId.toLocaleString("en-US")}`);
  }
  // The long thread, in group 1, newest of all.
  db.transaction(() => addThread(1, BIG_THREAD_REPLIES + 1))();
  db.exec(`
    UPDATE groups SET
      member_count = (SELECT count(*) FROM group_members WHERE group_id = groups.id),
      thread_count = (SELECT count(*) FROM threads WHERE group_id = groups.id),
      last_activity_at = (SELECT max(last_post_at) FROM threads WHERE group_id = groups.id);
  `);
  // The search index as the daily upkeep (tidySearchIndex) leaves it: one segment, not the
  // dozens a bulk load writes.
  db.exec("INSERT INTO post_search(post_search) VALUES ('optimize')");
  db.exec("ANALYZE");
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  console.log(`\n  ${postId.toLocaleString("en-US")} posts in ${threadId.toLocaleString("en-US")} threads, generated in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

function bigThread(): { id: number; lastPage: number } {
  const db = new SQLite(DB_FILE, { readonly: true });
  const row = db.prepare("SELECT id, post_count FROM threads ORDER BY post_count DESC LIMIT 1").get() as { id: number; post_count: number };
  db.close();
  return { id: row.id, lastPage: Math.ceil(row.post_count / 20) };
}

function explainHotQueries(threadId: number): { label: string; plan: string; fullScan: boolean }[] {
  const db = new SQLite(DB_FILE, { readonly: true });
  const queries: [string, string, unknown[]][] = [
    [
      "group by slug + membership",
      "SELECT g.*, gm.role FROM groups g LEFT JOIN group_members gm ON gm.group_id = g.id AND gm.user_id = ? WHERE g.slug = ?",
      ["bench00000001", "group-1"],
    ],
    [
      "thread page: group + membership + thread + read state",
      "SELECT g.*, gm.role, t.*, r.read_count FROM groups g LEFT JOIN group_members gm ON gm.group_id = g.id AND gm.user_id = ? LEFT JOIN threads t ON t.group_id = g.id AND t.id = ? AND t.deleted_at IS NULL LEFT JOIN thread_reads r ON r.thread_id = t.id AND r.user_id = ? WHERE g.slug = ?",
      ["x", threadId, "x", "group-1"],
    ],
    [
      "thread page, a visitor: group + thread",
      "SELECT g.*, t.* FROM groups g LEFT JOIN threads t ON t.group_id = g.id AND t.id = ? AND t.deleted_at IS NULL WHERE g.slug = ?",
      [threadId, "group-1"],
    ],
    [
      "board page (keyset)",
      "SELECT t.id FROM threads t LEFT JOIN users a ON a.id = t.author_id LEFT JOIN posts l ON l.thread_id = t.id AND l.position = t.post_count - 1 LEFT JOIN users la ON la.id = l.author_id LEFT JOIN thread_reads r ON r.thread_id = t.id AND r.user_id = ? WHERE t.group_id = ? AND t.deleted_at IS NULL AND (t.is_pinned, t.last_post_at, t.id) < (?, ?, ?) ORDER BY t.is_pinned DESC, t.last_post_at DESC, t.id DESC LIMIT 26",
      ["x", 1, 0, "2030-01-01", 999999999],
    ],
    [
      "thread page of posts + reactions",
      "SELECT p.id, (SELECT group_concat(r.kind, ',') FROM post_reactions r WHERE r.post_id = p.id) FROM posts p LEFT JOIN users u ON u.id = p.author_id WHERE p.thread_id = ? AND p.position >= ? AND p.position < ? ORDER BY p.position",
      [threadId, 980, 1000],
    ],
    [
      "a member's own reactions on a kept page",
      "SELECT r.post_id, r.kind FROM posts p JOIN post_reactions r ON r.post_id = p.id AND r.user_id = ? WHERE p.thread_id = ? AND p.position >= ? AND p.position < ?",
      ["bench00000001", threadId, 980, 1000],
    ],
    ["session by id", "SELECT * FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?", ["x"]],
  ];
  const out = queries.map(([label, sql, params]) => {
    const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
    const plan = rows.map((r) => r.detail).join(" | ");
    // "SCAN x" without an index is a full table scan; "SCAN … USING … INDEX" walks an index.
    const fullScan = rows.some((r) => /^SCAN \w+( AS \w+)?$/.test(r.detail.trim()));
    return { label, plan, fullScan };
  });
  db.close();
  return out;
}

interface Run {
  rps: number;
  requests: number;
  /** Server CPU time during the run (ms), null where /proc is missing. */
  cpuMs: number | null;
  errors: number;
}

interface Measure {
  name: string;
  path: string;
  /** SQL queries of a request to the page, and of the first request to it (which may read more). */
  queries: number | null;
  firstQueries: number | null;
  bytes: number;
  /** Median req/s of the page's throughput runs at 64 connections. */
  rps64: number;
  /** Median req/s of the empty page's runs paired with them. */
  emptyRps64: number;
  /** Throughput as a share of the empty page's: the median of the paired runs' ratios, and their range. */
  ratio: number;
  ratioRange: [number, number];
  p50_8: number;
  p99_8: number;
  /** Requests that failed (timed out) under load. */
  errors: number;
  /** Server CPU time per request over the page's throughput runs (steadier than req/s on a busy machine), and the empty page's over its runs. */
  cpuMsPerRequest: number | null;
  emptyCpuMsPerRequest: number | null;
}

let serverPid: number | undefined;

const queriesOf = (m: Pick<Measure, "queries" | "firstQueries">) =>
  m.firstQueries !== null && m.firstQueries !== m.queries ? `${m.queries ?? "?"} (first request ${m.firstQueries})` : `${m.queries ?? "?"}`;

async function cannon(url: string, connections: number, seconds: number) {
  const result = await autocannon({ url, connections, duration: seconds, pipelining: 1, timeout: 30 });
  if (result.non2xx > 0) throw new Error(`${url}: ${result.non2xx} answers were not 2xx`);
  return result;
}

/** One throughput run at 64 connections, with the server's CPU time during it. */
async function throughputRun(pagePath: string): Promise<Run> {
  const cpuBefore = cpuMs(serverPid);
  const run = await cannon(`${BASE}${pagePath}`, 64, ROUND_SECONDS);
  const cpuAfter = cpuMs(serverPid);
  return { rps: run.requests.average, requests: run.requests.total, cpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore, errors: run.errors };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const cpuPerRequest = (runs: Run[]) =>
  runs.some((r) => r.cpuMs === null) ? null : Math.round((runs.reduce((sum, r) => sum + r.cpuMs!, 0) / runs.reduce((sum, r) => sum + r.requests, 0)) * 100) / 100;

/**
 * A page's throughput against the empty page's, in pairs of short runs taken one after the other
 * (empty then page, then page then empty, …): this VM's speed drifts by a third from one minute to
 * the next, and a pair of runs seconds apart sees the same machine. The share is the median of
 * the pairs' ratios. Then latency at 8 connections.
 */
async function measure(name: string, pagePath: string, counted: QueryCount): Promise<Measure> {
  await cannon(`${BASE}${pagePath}`, 8, WARM_UP_SECONDS); // not counted: compiles the page's code and fills the caches
  const isEmpty = pagePath === EMPTY;
  const pageRuns: Run[] = [];
  const emptyRuns: Run[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    if (isEmpty) {
      pageRuns.push(await throughputRun(pagePath));
      continue;
    }
    const pageFirst = round % 2 === 1;
    const first = await throughputRun(pageFirst ? pagePath : EMPTY);
    const second = await throughputRun(pageFirst ? EMPTY : pagePath);
    const [page, empty] = pageFirst ? [first, second] : [second, first];
    pageRuns.push(page);
    emptyRuns.push(empty);
    ratios.push(page.rps / empty.rps);
  }
  const latency = await cannon(`${BASE}${pagePath}`, 8, SECONDS);
  const paired = isEmpty ? pageRuns : emptyRuns;
  const m: Measure = {
    name,
    path: pagePath,
    queries: counted.queries,
    firstQueries: counted.first,
    bytes: counted.bytes,
    rps64: Math.round(median(pageRuns.map((r) => r.rps))),
    emptyRps64: Math.round(median(paired.map((r) => r.rps))),
    ratio: isEmpty ? 1 : Math.round(median(ratios) * 100) / 100,
    ratioRange: isEmpty ? [1, 1] : [Math.round(Math.min(...ratios) * 100) / 100, Math.round(Math.max(...ratios) * 100) / 100],
    p50_8: latency.latency.p50,
    p99_8: latency.latency.p99,
    errors: [...pageRuns, ...emptyRuns].reduce((sum, r) => sum + r.errors, 0) + latency.errors,
    cpuMsPerRequest: cpuPerRequest(pageRuns),
    emptyCpuMsPerRequest: cpuPerRequest(paired),
  };
  console.log(
    `  ${name.padEnd(26)} ${String(m.rps64).padStart(6)} req/s   p50 ${m.p50_8.toFixed(1).padStart(5)} ms   p99 ${m.p99_8.toFixed(1).padStart(5)} ms   ${m.cpuMsPerRequest ?? "?"} ms CPU/req   ${queriesOf(m)} queries${m.errors ? `   ${m.errors} timed out` : ""}`,
  );
  return m;
}

async function main() {
  if (FRESH || !fs.existsSync(DB_FILE)) {
    console.log(`Generating the bench community into ${DB_FILE}…`);
    await generate();
  } else {
    console.log(`Using the bench community in ${DB_FILE} (--fresh regenerates it).`);
  }
  // The planner statistics as Harbor leaves them at start-up: the generator's ANALYZE, without its value
  // samples (db/planner-statistics.ts), also for the query plans below.
  const stats = createDb(`file:${DB_FILE}`);
  await dropPlannerValueSamples(stats.db);
  await stats.db.destroy();
  console.log("Building Harbor…");
  const build = spawnSync("npm", ["run", "--silent", "build"], { stdio: "inherit" });
  if (build.status !== 0) throw new Error("The build failed.");
  const big = bigThread();
  const plans = explainHotQueries(big.id);
  const pages: [string, string][] = [
    ["empty page", EMPTY],
    ["group board", "/groups/group-1"],
    ["thread, first page", `/groups/group-1/threads/${big.id}`],
    ["thread, last page", `/groups/group-1/threads/${big.id}?page=${big.lastPage}`],
    ["search, rare word", "/search?q=lighthouse"],
    ["search, common word", "/search?q=sleep"],
  ];
  const counted = await countQueries(
    DB_FILE,
    PORT,
    pages.map(([, pagePath]) => ({ path: pagePath })),
  );
  const server = await startBenchServer(DB_FILE, PORT);
  serverPid = server.pid;
  const measures: Measure[] = [];
  try {
    console.log(
      `Measuring, as an anonymous visitor of a public group: throughput at 64 connections in ${ROUNDS} pairs of ${ROUND_SECONDS}-s runs (the page, and the empty page just before or after it), latency at 8 connections for ${SECONDS} s:`,
    );
    await cannon(`${BASE}${EMPTY}`, 64, 10); // the server's own warm-up (its start-up jobs, the JIT), not counted
    for (const [i, [name, pagePath]] of pages.entries()) measures.push(await measure(name, pagePath, counted[i]!));
  } finally {
    server.kill("SIGTERM");
  }
  const pct = (ratio: number) => `${Math.round(ratio * 100)}%`;
  console.log("\nShares: the median of the page's paired runs against the empty page (their range; the empty page's req/s in those runs).");
  console.log("Page                       req/s (64)  share of empty               p50 (8)   p99 (8)   CPU/req (empty's)      SQL queries");
  for (const m of measures) {
    const share = `${pct(m.ratio)} (${pct(m.ratioRange[0])}–${pct(m.ratioRange[1])}; ${m.emptyRps64})`;
    console.log(
      `${m.name.padEnd(26)} ${String(m.rps64).padStart(10)}  ${share.padEnd(27)}  ${`${m.p50_8.toFixed(1)} ms`.padStart(8)}  ${`${m.p99_8.toFixed(1)} ms`.padStart(8)}   ${`${m.cpuMsPerRequest ?? "?"} ms (${m.emptyCpuMsPerRequest ?? "?"})`.padEnd(20)}   ${queriesOf(m)}`,
    );
  }
  console.log("\nQuery plans of the hot queries:");
  for (const p of plans) console.log(`  ${p.fullScan ? "FULL SCAN" : "index    "}  ${p.label}: ${p.plan}`);
  const db = new SQLite(DB_FILE, { readonly: true });
  const counts = {
    members: (db.prepare("SELECT count(*) AS n FROM users").get() as { n: number }).n,
    groups: (db.prepare("SELECT count(*) AS n FROM groups").get() as { n: number }).n,
    threads: (db.prepare("SELECT count(*) AS n FROM threads").get() as { n: number }).n,
    posts: (db.prepare("SELECT count(*) AS n FROM posts").get() as { n: number }).n,
  };
  db.close();
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    latencySeconds: SECONDS,
    throughput: { rounds: ROUNDS, roundSeconds: ROUND_SECONDS },
    data: counts,
    measures,
    plans,
  };
  fs.writeFileSync(RESULTS, JSON.stringify(report, null, 2));
  console.log(`\nData: ${counts.members} members, ${counts.groups} groups, ${counts.threads} threads, ${counts.posts} posts. Results written to ${RESULTS}.`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
