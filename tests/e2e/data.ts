// Set-up for browser tests made straight in the e2e server's database (as the Epic Stack's
// fixtures do): members, groups, threads, meetings and reports each test owns, in milliseconds,
// instead of clicking through sign-ups and forms that other tests already cover. The test process
// opens the server's SQLite file itself (WAL: both may use it) and calls Harbor's own model
// functions, so what it makes is what the app would have made.
import type { Browser } from "@playwright/test";
import type { RawMeeting } from "../../app/models/meeting-input.server";
import type { ReportReason } from "../../app/models/moderation/settings.server";

/** The e2e server's database (playwright.config.ts's webServer). */
export const E2E_DB_FILE = "data/e2e/harbor-e2e.db";
export const ORIGIN = `http://localhost:${Number(process.env.E2E_PORT || 3111)}`;

let e2eDb: Promise<import("../../db/client").DbHandle> | undefined;
/** The test process's own connection to the e2e server's SQLite file. */
export function e2eDatabase() {
  e2eDb ??= import("../../db/client").then(({ createDb }) => createDb(`file:${E2E_DB_FILE}`));
  return e2eDb.then((handle) => handle.db);
}

/**
 * Runs one set-up step, again if SQLite answers "database is locked": with the server and other
 * test processes writing to the same file, a transaction that began reading can't always become a
 * writer (SQLITE_BUSY without waiting). Each step is one transaction, so a retry starts clean.
 */
export async function settled<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (attempt >= 5 || !/database is locked|SQLITE_BUSY/.test(String(error))) throw error;
    }
  }
}

let counter = 0;
/** Unique per call and per run: e-mail addresses and display names never collide between tests or runs. */
export function uniqueSuffix(): string {
  counter += 1;
  return `${Date.now().toString(36)}${counter.toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

export interface Account {
  displayName: string;
  email: string;
  password: string;
}

export interface Member extends Account {
  id: string;
}

/** Fresh account details (not yet created). The password is a passphrase the strength check accepts. */
export function newAccount(label = "Tester"): Account {
  const id = uniqueSuffix();
  return { displayName: `${label} ${id}`, email: `${label.toLowerCase()}-${id}@example.org`, password: `calm harbour tide ${id}` };
}

/** Members made here share one password: argon2 hashes it once per test process, not once per member. */
export const MEMBER_PASSWORD = "calm harbour tide at dusk";

/** A member made in the database (e-mail confirmed, as after joining), not signed in anywhere. */
export async function makeMember(label = "Member", options: { timeZone?: string; role?: "member" | "admin" | "editor" } = {}): Promise<Member> {
  const db = await e2eDatabase();
  const { makeUser } = await import("../factories");
  const account = { ...newAccount(label), password: MEMBER_PASSWORD };
  const user = await settled(() => makeUser(db, { ...account, timeZone: options.timeZone ?? "America/Chicago", role: options.role ?? "member" }));
  return { ...account, id: user.id };
}

/** The demo community's people (db/seed.ts), by first name. */
export const DEMO_EMAILS = { sam: "sam@harbor.test", alex: "alex@harbor.test", morgan: "morgan@harbor.test", admin: "admin@harbor.test" } as const;
export type Who = keyof typeof DEMO_EMAILS | { id: string };

/** A new session for a demo person or a member made here: the value of its `harbor_session` cookie. */
export async function sessionToken(who: Who): Promise<string> {
  const db = await e2eDatabase();
  const { createSession } = await import("../../app/models/sessions.server");
  const id = typeof who === "string" ? (await db.selectFrom("users").select("id").where("email", "=", DEMO_EMAILS[who]).executeTakeFirstOrThrow()).id : who.id;
  return (await settled(() => createSession(db, id))).token;
}

/** A browser context signed in as `who` (no sign-in form). The caller closes it. */
export async function signedInContext(browser: Browser, who: Who, options: Parameters<Browser["newContext"]>[0] = {}) {
  const context = await browser.newContext({ baseURL: ORIGIN, ...options });
  await context.addCookies([{ name: "harbor_session", value: await sessionToken(who), url: ORIGIN, httpOnly: true, sameSite: "Lax" }]);
  return context;
}

export interface TestGroup {
  id: number;
  slug: string;
  name: string;
  path: string;
}

/** A group of the test's own; `moderator` (and `members`) are made members of it. */
export async function makeGroup(
  options: { visibility?: "public" | "private" | "hidden"; moderator?: { id: string }; members?: { id: string }[]; label?: string } = {},
): Promise<TestGroup> {
  const db = await e2eDatabase();
  const factories = await import("../factories");
  const { addMember } = await import("../../app/models/groups.server");
  const id = uniqueSuffix();
  const group = await settled(() =>
    factories.makeGroup(db, {
      name: `${options.label ?? "Circle"} ${id}`,
      slug: `circle-${id}`,
      visibility: options.visibility ?? "public",
      creatorId: options.moderator?.id ?? null,
    }),
  );
  const moderator = options.moderator;
  if (moderator) await settled(() => addMember(db, group.id, moderator.id, "moderator"));
  for (const member of options.members ?? []) await settled(() => addMember(db, group.id, member.id));
  return { id: group.id, slug: group.slug, name: group.name, path: `/groups/${group.slug}` };
}

/** Makes a member a member of a group (by its slug). */
export async function joinGroup(member: { id: string }, slug: string): Promise<void> {
  const db = await e2eDatabase();
  const { addMember } = await import("../../app/models/groups.server");
  const group = await db.selectFrom("groups").select("id").where("slug", "=", slug).executeTakeFirstOrThrow();
  await settled(() => addMember(db, group.id, member.id));
}

/** A thread started by `author` (a member of the group), with replies by others; returns its path and the posts' ids in order. */
export async function makeThread(group: TestGroup, author: { id: string }, title: string, body: string, replies: { author: { id: string }; body: string }[] = []) {
  const db = await e2eDatabase();
  const { createThread, replyToThread } = await import("../../app/models/threads.server");
  const { threadId } = await settled(() => createThread(db, group.id, author.id, { title, body, clientToken: null }));
  const postIds: number[] = [];
  for (const reply of replies) postIds.push((await settled(() => replyToThread(db, threadId, reply.author.id, { body: reply.body, clientToken: null }))).postId);
  return { id: threadId, path: `${group.path}/threads/${threadId}`, replyIds: postIds };
}

/** A member's report of a post, as the report form files it. */
export async function reportPost(reporter: { id: string }, postId: number, reason: ReportReason, note = ""): Promise<void> {
  const db = await e2eDatabase();
  const { fileReport } = await import("../../app/models/moderation/queue.server");
  await settled(() => fileReport(db, reporter.id, { kind: "post", id: postId }, { reason, note }));
}

/** A meeting of a group (weekly, Tuesday 19:00–20:00 Chicago, hybrid, unless `raw` says otherwise). */
export async function makeMeeting(group: TestGroup, raw: Partial<RawMeeting> = {}) {
  const db = await e2eDatabase();
  const { meetingInput } = await import("../factories");
  const { createMeeting } = await import("../../app/models/meetings.server");
  const input = await meetingInput({ timeZone: "America/Chicago", ...raw, name: raw.name ?? `Evening Circle ${uniqueSuffix()}` });
  const meeting = await settled(() => createMeeting(db, group.id, input, null));
  return { id: meeting.id, name: meeting.name, slug: meeting.slug, path: `/meetings/${meeting.slug}` };
}

/**
 * Push turned on for `member` on a device of their own (a session made here), as the browser's
 * subscription would be saved from Settings → Notifications — headless Chromium can't reach a real
 * push service to subscribe. `endpoint` is on a stand-in push service the test runs: its origin is
 * allowed here as HARBOR_PUSH_SERVICES allows one on a real site. Returns the subscription's id.
 */
export async function makePushSubscription(member: { id: string }, endpoint: string, keys: { p256dh: string; auth: string }): Promise<number> {
  const db = await e2eDatabase();
  const { createSession } = await import("../../app/models/sessions.server");
  const { savePushSubscription } = await import("../../app/models/push/subscriptions.server");
  const { forgetEnv } = await import("../../app/utils/env.server");
  const before = process.env.HARBOR_PUSH_SERVICES;
  process.env.HARBOR_PUSH_SERVICES = new URL(endpoint).origin;
  forgetEnv();
  try {
    const { session } = await settled(() => createSession(db, member.id));
    await settled(() =>
      savePushSubscription(db, { userId: member.id, sessionId: session.id, userAgent: "Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile" }, { endpoint, ...keys }),
    );
  } finally {
    if (before === undefined) delete process.env.HARBOR_PUSH_SERVICES;
    else process.env.HARBOR_PUSH_SERVICES = before;
    forgetEnv();
  }
  return (await db.selectFrom("push_subscriptions").select("id").where("endpoint", "=", endpoint).executeTakeFirstOrThrow()).id;
}

/**
 * A member who is past the new-account limits (joined three days ago, three posts in a group of
 * their own), as someone who may start private conversations. Not signed in anywhere.
 */
export async function makeEstablishedMember(label = "Member"): Promise<Member> {
  const member = await makeMember(label);
  const db = await e2eDatabase();
  const group = await makeGroup({ moderator: member, label: `${label}'s home group` });
  await makeThread(group, member, "Checking in", "Day by day.", [
    { author: member, body: "Still here." },
    { author: member, body: "Thank you all." },
  ]);
  const joined = new Date(Date.now() - 3 * 24 * 3600_000).toISOString();
  await settled(() => db.updateTable("users").set({ created_at: joined }).where("id", "=", member.id).execute());
  return member;
}

/** A private message from `from` to `to` (their one-to-one conversation), as the message form sends it; returns the conversation's id. */
export async function sendPrivateMessage(from: Member, to: { id: string }, body: string): Promise<number> {
  const db = await e2eDatabase();
  const { startConversation } = await import("../../app/models/messages.server");
  const sender = { id: from.id, role: "member", time_zone: "America/Chicago" };
  return (await settled(() => startConversation(db, sender, { recipientIds: [to.id], body }))).conversationId;
}
