/**
 * npm run bench:notifications — the notifications area's hot paths on a busy site: the header's
 * unread count (every page a member opens), the first and a deep page of the list, and notify()
 * with its e-mail (inside every reply). Timings are printed, never asserted.
 * DATABASE_URL=postgres://… runs it on PostgreSQL (in a throwaway schema).
 *
 *   npm run bench:notifications [-- --members 2000 --per-member 100]
 */

import { listNotifications, unreadCount } from "../../app/models/notifications.server";
import { notifyWithOutcome } from "../../app/models/notify.server";
import { openBenchDatabase } from "./database";

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const MEMBERS = arg("--members", 2000);
const PER_MEMBER = arg("--per-member", 100);
const url = process.env.DATABASE_URL;

const { handle, cleanup } = await openBenchDatabase(url);
const db = handle.db;

console.log(`Generating ${MEMBERS} members with ${PER_MEMBER} notifications each (${handle.dialect})…`);
const iso = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
const userIds: string[] = [];
await db.transaction().execute(async (tx) => {
  await tx
    .insertInto("groups")
    .values({ slug: "bench", name: "Bench", kind: "topic", visibility: "private", created_by: null, created_at: iso(0), updated_at: iso(0), last_activity_at: null })
    .execute();
  for (let u = 0; u < MEMBERS; u++) {
    const id = `bench-user-${u}`;
    userIds.push(id);
    await tx
      .insertInto("users")
      .values({
        id,
        email: `${id}@bench.test`,
        display_name: id,
        display_name_key: id.replace(/-/g, ""),
        password_hash: "x",
        role: "member",
        time_zone: "UTC",
        bio: "",
        created_at: iso(0),
        updated_at: iso(0),
      })
      .execute();
    if (u % 2 === 0)
      await tx
        .insertInto("group_members")
        .values({ group_id: 1, user_id: id, role: "member", joined_at: iso(0) })
        .execute();
  }
  const rows = [];
  for (let u = 0; u < MEMBERS; u++) {
    for (let i = 0; i < PER_MEMBER; i++) {
      rows.push({
        user_id: userIds[u]!,
        type: i % 3 === 0 ? "mention" : "milestone",
        actor_id: null,
        group_id: i % 3 === 0 ? 1 : null,
        thread_id: null,
        post_id: null,
        meeting_id: null,
        data: "{}",
        collapse_key: null,
        created_at: iso(i),
        updated_at: iso(i),
        read_at: i % 4 === 0 ? null : iso(i),
        email_state: null,
      });
      if (rows.length === 500) await tx.insertInto("notifications").values(rows.splice(0)).execute();
    }
  }
  if (rows.length) await tx.insertInto("notifications").values(rows).execute();
});

async function time(label: string, runs: number, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 5; i++) await fn(i); // warm-up
  const started = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) await fn(i);
  const ms = Number(process.hrtime.bigint() - started) / 1e6 / runs;
  console.log(`${label.padEnd(48)} ${ms.toFixed(3)} ms per call (${runs} calls)`);
}

const someone = (i: number) => userIds[(i * 7919) % userIds.length]!;
await time("unread count (header, every page)", 2000, (i) => unreadCount(db, someone(i)));
await time("notifications page 1", 1000, (i) => listNotifications(db, { id: someone(i), timeZone: "UTC" }));
await time("notifications page 4 (keyset)", 1000, (i) => listNotifications(db, { id: someone(i), timeZone: "UTC" }, { updatedAt: iso(PER_MEMBER - 60), id: 2_147_483_647 }));
await time("notify() with an e-mail queued", 500, (i) => notifyWithOutcome(db, { userId: someone(i), type: "moderator_warning", data: { reason: "bench" } }));
await db.destroy();
await cleanup();
