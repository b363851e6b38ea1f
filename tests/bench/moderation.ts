/**
 * npm run bench:moderation — the moderation area's hot paths on a busy site: the header's
 * Moderation link (every page a member opens), the review queue, the audit log (first page and a
 * member filter), screening a new post (sanctions, watched words, trust limits, approval, crisis
 * language) and filing a report. Timings are printed, never asserted.
 * DATABASE_URL=postgres://… runs it on PostgreSQL (in a throwaway schema).
 *
 *   npm run bench:moderation [-- --members 2000 --posts 50000 --items 20000]
 */
import { fileReport, listAudit, listQueue, moderationNavFor, moderatorScope } from "../../app/models/moderation.server";
import { screenPost } from "../../app/models/posting-rules.server";
import { openBenchDatabase } from "./database";

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const MEMBERS = arg("--members", 2000);
const POSTS = arg("--posts", 50_000);
const ITEMS = arg("--items", 20_000);
const GROUPS = 50;
const url = process.env.DATABASE_URL;

const { handle, cleanup } = await openBenchDatabase(url);
const db = handle.db;

console.log(`Generating ${MEMBERS} members, ${GROUPS} groups, ${POSTS} posts, ${ITEMS} review items and audit entries (${handle.dialect})…`);
const iso = (minutes: number) => new Date(Date.UTC(2026, 0, 1) + minutes * 60_000).toISOString();
const userIds: string[] = [];
async function batched<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += 400) await insert(rows.slice(i, i + 400));
}
await db.transaction().execute(async (tx) => {
  const users = [];
  for (let u = 0; u < MEMBERS; u++) {
    const id = `bench-user-${u}`;
    userIds.push(id);
    users.push({
      id,
      email: `${id}@bench.test`,
      display_name: id,
      display_name_key: id.replace(/-/g, ""),
      password_hash: "x",
      role: u === 0 ? ("admin" as const) : ("member" as const),
      time_zone: "UTC",
      bio: "",
      created_at: iso(0),
      updated_at: iso(0),
    });
  }
  await batched(users, (chunk) => tx.insertInto("users").values(chunk).execute());
  for (let g = 1; g <= GROUPS; g++) {
    await tx
      .insertInto("groups")
      .values({ slug: `bench-${g}`, name: `Bench ${g}`, kind: "topic", visibility: "public", created_by: null, created_at: iso(0), updated_at: iso(0), last_activity_at: null })
      .execute();
  }
  const members = [];
  for (let u = 0; u < MEMBERS; u++)
    for (let k = 0; k < 3; k++)
      members.push({
        group_id: ((u + k * 17) % GROUPS) + 1,
        user_id: userIds[u]!,
        role: u % 100 === 1 && k === 0 ? ("moderator" as const) : ("member" as const),
        joined_at: iso(0),
      });
  await batched(members, (chunk) =>
    tx
      .insertInto("group_members")
      .values(chunk)
      .onConflict((oc) => oc.doNothing())
      .execute(),
  );
  const threads = [];
  for (let t = 0; t < POSTS / 20; t++)
    threads.push({
      group_id: (t % GROUPS) + 1,
      author_id: userIds[t % MEMBERS]!,
      title: `Thread ${t}`,
      created_at: iso(t),
      last_post_at: iso(t),
      post_count: 20,
      deleted_at: null,
    });
  await batched(threads, (chunk) => tx.insertInto("threads").values(chunk).execute());
  const posts = [];
  for (let p = 0; p < POSTS; p++) {
    const thread = Math.floor(p / 20);
    posts.push({
      thread_id: thread + 1,
      group_id: (thread % GROUPS) + 1,
      author_id: userIds[(p * 31) % MEMBERS]!,
      position: p % 20,
      body_source: "words",
      body_html: "<p>words</p>",
      quote_post_id: null,
      created_at: iso(p),
      edited_at: null,
      deleted_at: null,
      deleted_by: null,
      client_token: null,
    });
  }
  await batched(posts, (chunk) => tx.insertInto("posts").values(chunk).execute());
  const items = [];
  for (let i = 0; i < ITEMS; i++) {
    const postId = ((i * 13) % POSTS) + 1;
    const open = i % 40 === 0;
    items.push({
      group_id: (Math.floor((postId - 1) / 20) % GROUPS) + 1,
      kind: "post" as const,
      target_key: open ? `post:${postId}` : `post:${postId}:r${i}`,
      post_id: postId,
      thread_id: Math.floor((postId - 1) / 20) + 1,
      subject_user_id: userIds[((postId - 1) * 31) % MEMBERS]!,
      status: open ? ("open" as const) : ("resolved" as const),
      is_crisis: i % 400 === 0 ? 1 : 0,
      report_count: 1 + (i % 4),
      opened_at: iso(i),
      first_action_at: open ? null : iso(i + 30),
      resolved_at: open ? null : iso(i + 30),
      resolved_by: open ? null : userIds[1]!,
      resolution: open ? null : "dismiss",
    });
  }
  await batched(items, (chunk) =>
    tx
      .insertInto("review_items")
      .values(chunk)
      .onConflict((oc) => oc.doNothing())
      .execute(),
  );
  const audit = [];
  for (let i = 0; i < ITEMS * 2; i++) {
    audit.push({
      actor_id: userIds[1 + (i % 20) * 100]!,
      action: i % 3 === 0 ? "post.hide" : "report.dismiss",
      group_id: (i % GROUPS) + 1,
      subject_user_id: userIds[(i * 7) % MEMBERS]!,
      post_id: (i % POSTS) + 1,
      thread_id: null,
      item_id: null,
      reason: "bench",
      before_state: "{}",
      after_state: "{}",
      created_at: iso(i),
    });
  }
  await batched(audit, (chunk) => tx.insertInto("audit_log").values(chunk).execute());
});

async function time(label: string, runs: number, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 5; i++) await fn(i); // warm-up
  const started = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) await fn(i);
  const ms = Number(process.hrtime.bigint() - started) / 1e6 / runs;
  console.log(`${label.padEnd(52)} ${ms.toFixed(3)} ms per call (${runs} calls)`);
}

const admin = { id: userIds[0]!, role: "admin" };
const moderator = { id: userIds[1]!, role: "member" };
const member = (i: number) => userIds[2 + ((i * 7919) % (MEMBERS - 2))]!;
const adminScope = await moderatorScope(db, admin);
const modScope = await moderatorScope(db, moderator);

await time("header: Moderation link, plain member", 2000, (i) => moderationNavFor(db, member(i), false));
await time("header: Moderation link, group moderator", 2000, () => moderationNavFor(db, moderator.id, false));
await time("header: Moderation link, admin (all open items)", 1000, () => moderationNavFor(db, admin.id, true));
await time("review queue, group moderator", 500, () => listQueue(db, modScope));
await time("review queue, admin (site-wide)", 500, () => listQueue(db, adminScope));
await time("audit log page 1, admin", 500, () => listAudit(db, adminScope, {}));
await time("audit log, one member's entries", 500, (i) => listAudit(db, adminScope, { subjectUserId: member(i) }));
await time("audit log page 1, group moderator", 500, () => listAudit(db, modScope, {}));
await time("screen a new reply (limits, words, crisis)", 1000, (i) =>
  screenPost(db, {
    user: { id: member(i), role: "member", time_zone: "UTC" },
    groupId: (i % GROUPS) + 1,
    isModerator: false,
    threadId: (i % (POSTS / 20)) + 1,
    body: "Day 12 and the cravings are loud tonight. Going to a meeting.",
  }),
);
let reportIndex = 0;
await time("file a report", 500, async () => {
  reportIndex++;
  await fileReport(db, member(reportIndex), { kind: "post", id: ((reportIndex * 101) % POSTS) + 1 }, { reason: "spam", note: "" }).catch(() => undefined);
});
await db.destroy();
await cleanup();
