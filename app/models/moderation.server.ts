/**
 * Moderation: reports and the review queue, what moderators do about them (dismiss, hide, delete,
 * warn, mute, ban, suspend), thread tools, post approval, and the audit log that records every
 * moderator and admin action. Everything a moderator does runs in one transaction with its audit
 * entry and the notifications it causes.
 *
 * Scope: group moderators act within their groups; site admins everywhere. Reports on a member
 * made outside any group (from their profile) reach admins only. Nothing here reads members'
 * private recovery data: only posts, threads, reports, sanctions and the audit log.
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { ReviewItemKind, SanctionKind } from "../../db/schema/moderation";
import { inTransaction, isUniqueViolation } from "../../db/client";
import { now as clockNow } from "../utils/clock.server";
import { formatDuration } from "../utils/time";
import { AUDIT_ACTIONS, REPORT_REASON_KEYS, REPORT_REASONS } from "../utils/moderation-labels";
import { notifyNewPost } from "./board-notifications.server";
import { setMemberRole } from "./groups.server";

export { AUDIT_ACTIONS, REPORT_REASON_KEYS, REPORT_REASONS };
import { notify } from "./notify.server";
import { indexPost, reindexThreadGroup, unindexPost } from "./search.server";
import { deleteUserSessions } from "./sessions.server";

export class ModerationError extends Error {
  constructor(message: string, readonly status: 400 | 403 | 404 | 409 = 409) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// Reasons and settings

export type ReportReason = keyof typeof REPORT_REASONS;

/** Reasons Harbor itself files (no reporter). */
export const SYSTEM_REASONS = {
  crisis_language: "Crisis language in the post",
  watched_word: "Watched word",
  held: "Waiting for approval",
} as const;

export function reasonLabel(reason: string): string {
  return (REPORT_REASONS as Record<string, string>)[reason] ?? (SYSTEM_REASONS as Record<string, string>)[reason] ?? reason;
}

export interface TrustLimits {
  /** An account is new for this many hours … */
  newAccountHours: number;
  /** … or until it has this many published posts. */
  establishedAfterPosts: number;
  newPostsPerHour: number;
  newMaxLinks: number;
  newThreadsPerDay: number;
  establishedPostsPerHour: number;
  establishedThreadsPerDay: number;
}

export interface ModerationSettings {
  /** Hide a post pending review once this many members reported it (0: never). */
  autoHideReports: number;
  trust: TrustLimits;
}

export const DEFAULT_MODERATION_SETTINGS: ModerationSettings = {
  autoHideReports: 3,
  trust: {
    newAccountHours: 24,
    establishedAfterPosts: 3,
    newPostsPerHour: 10,
    newMaxLinks: 2,
    newThreadsPerDay: 3,
    establishedPostsPerHour: 60,
    establishedThreadsPerDay: 20,
  },
};

const SETTINGS_KEY = "moderation";

export async function getModerationSettings(db: Kysely<Database>): Promise<ModerationSettings> {
  const row = await db.selectFrom("site_settings").select("value").where("key", "=", SETTINGS_KEY).executeTakeFirst();
  if (!row) return DEFAULT_MODERATION_SETTINGS;
  try {
    const parsed = JSON.parse(row.value) as Partial<ModerationSettings>;
    return {
      autoHideReports: typeof parsed.autoHideReports === "number" ? parsed.autoHideReports : DEFAULT_MODERATION_SETTINGS.autoHideReports,
      trust: { ...DEFAULT_MODERATION_SETTINGS.trust, ...(parsed.trust ?? {}) },
    };
  } catch {
    return DEFAULT_MODERATION_SETTINGS;
  }
}

export async function saveModerationSettings(db: Kysely<Database>, settings: ModerationSettings, adminId: string | null, now = clockNow()): Promise<void> {
  await inTransaction(db, async (tx) => {
    const before = await getModerationSettings(tx);
    const values = { value: JSON.stringify(settings), updated_at: now.toISOString(), updated_by: adminId };
    await tx.insertInto("site_settings").values({ key: SETTINGS_KEY, ...values }).onConflict((oc) => oc.column("key").doUpdateSet(values)).execute();
    await recordAudit(tx, { actorId: adminId, action: "settings.moderation", before, after: settings }, now);
  });
}

export interface GroupModerationSettings {
  approveFirstPosts: number;
  approveAll: boolean;
}

export async function getGroupModerationSettings(db: Kysely<Database>, groupId: number): Promise<GroupModerationSettings> {
  const row = await db.selectFrom("group_moderation_settings").selectAll().where("group_id", "=", groupId).executeTakeFirst();
  return { approveFirstPosts: row?.approve_first_posts ?? 0, approveAll: row?.approve_all === 1 };
}

export async function saveGroupModerationSettings(db: Kysely<Database>, actorId: string, groupId: number, settings: GroupModerationSettings, now = clockNow()): Promise<void> {
  await inTransaction(db, async (tx) => {
    const before = await getGroupModerationSettings(tx, groupId);
    const values = { approve_first_posts: settings.approveFirstPosts, approve_all: settings.approveAll ? 1 : 0, updated_at: now.toISOString() };
    await tx.insertInto("group_moderation_settings").values({ group_id: groupId, ...values }).onConflict((oc) => oc.column("group_id").doUpdateSet(values)).execute();
    await recordAudit(tx, { actorId, action: "group.approval_settings", groupId, before, after: settings }, now);
  });
}

// ---------------------------------------------------------------------------------------------
// Who moderates what

export { canModerate, isModerator, type ModeratorScope } from "../policy/moderation";
import { canModerate, maySeeSanctionReason, type ModeratorScope } from "../policy/moderation";

/** The groups a member moderates (all of them for a site admin). One query. */
export async function moderatorScope(db: Kysely<Database>, user: { id: string; role: string }): Promise<ModeratorScope> {
  if (user.role === "admin") return { all: true, groupIds: [] };
  const rows = await db.selectFrom("group_members").select("group_id").where("user_id", "=", user.id).where("role", "=", "moderator").execute();
  return { all: false, groupIds: rows.map((r) => r.group_id) };
}

/** The header's Moderation link: for admins always, for group moderators; with the open items in their scope. One query. */
/** Open review items the header counts: all of them for an admin, else those of the groups the member moderates. */
export function openItemsCountQuery(db: Kysely<Database>, userId: string, isAdmin: boolean) {
  if (isAdmin) return db.selectFrom("review_items").select((eb) => eb.fn.countAll<number>().as("n")).where("status", "=", "open");
  return db
    .selectFrom("group_members as gm")
    .innerJoin("review_items as ri", (join) => join.onRef("ri.group_id", "=", "gm.group_id").on("ri.status", "=", "open"))
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("gm.user_id", "=", userId)
    .where("gm.role", "=", "moderator");
}

/** How many groups the member moderates (the header shows Moderation to them, and to every admin). */
export function moderatedGroupsCountQuery(db: Kysely<Database>, userId: string) {
  return db.selectFrom("group_members").select((eb) => eb.fn.countAll<number>().as("n")).where("user_id", "=", userId).where("role", "=", "moderator");
}

export async function moderationNavFor(db: Kysely<Database>, userId: string, isAdmin: boolean): Promise<{ showModeration: boolean; openReports: number }> {
  const row = await db.selectNoFrom([openItemsCountQuery(db, userId, isAdmin).as("open"), moderatedGroupsCountQuery(db, userId).as("moderates")]).executeTakeFirst();
  return { showModeration: isAdmin || Number(row?.moderates ?? 0) > 0, openReports: Number(row?.open ?? 0) };
}

// ---------------------------------------------------------------------------------------------
// The audit log (append-only: the database refuses UPDATE and DELETE on it)

export interface AuditEntry {
  actorId: string | null;
  action: string;
  groupId?: number | null;
  subjectUserId?: string | null;
  postId?: number | null;
  threadId?: number | null;
  itemId?: number | null;
  reason?: string;
  before?: unknown;
  after?: unknown;
}

export async function recordAudit(db: Kysely<Database>, entry: AuditEntry, now = clockNow()): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      actor_id: entry.actorId,
      action: entry.action,
      group_id: entry.groupId ?? null,
      subject_user_id: entry.subjectUserId ?? null,
      post_id: entry.postId ?? null,
      thread_id: entry.threadId ?? null,
      item_id: entry.itemId ?? null,
      reason: entry.reason ?? "",
      before_state: JSON.stringify(entry.before ?? {}),
      after_state: JSON.stringify(entry.after ?? {}),
      created_at: now.toISOString(),
    })
    .execute();
}

export const AUDIT_PAGE_SIZE = 50;


export interface AuditFilters {
  actorId?: string;
  subjectUserId?: string;
  action?: string;
  from?: string;
  to?: string;
  groupId?: number;
}

/** The audit log, newest first, in the viewer's scope (admins all; moderators their groups'), keyset on id. */
export async function listAudit(db: Kysely<Database>, scope: ModeratorScope, filters: AuditFilters, beforeId?: number) {
  let query = db
    .selectFrom("audit_log as a")
    .leftJoin("users as actor", "actor.id", "a.actor_id")
    .leftJoin("users as subject", "subject.id", "a.subject_user_id")
    .leftJoin("groups as g", "g.id", "a.group_id")
    .select([
      "a.id", "a.action", "a.actor_id", "a.subject_user_id", "a.group_id", "a.post_id", "a.thread_id", "a.item_id", "a.reason", "a.before_state", "a.after_state", "a.created_at",
      "actor.display_name as actor_name", "subject.display_name as subject_name", "g.name as group_name", "g.slug as group_slug",
    ])
    .orderBy("a.id", "desc")
    .limit(AUDIT_PAGE_SIZE + 1);
  if (!scope.all) query = scope.groupIds.length ? query.where("a.group_id", "in", scope.groupIds) : query.where(sql<boolean>`1 = 0`);
  if (filters.groupId) query = query.where("a.group_id", "=", filters.groupId);
  if (filters.actorId) query = query.where("a.actor_id", "=", filters.actorId);
  if (filters.subjectUserId) query = query.where("a.subject_user_id", "=", filters.subjectUserId);
  if (filters.action) query = query.where("a.action", "=", filters.action);
  if (filters.from) query = query.where("a.created_at", ">=", filters.from);
  if (filters.to) query = query.where("a.created_at", "<", filters.to);
  if (beforeId) query = query.where("a.id", "<", beforeId);
  const rows = await query.execute();
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  return { entries: page, next: rows.length > AUDIT_PAGE_SIZE ? page[page.length - 1]!.id : null };
}

/** People who appear in a scope's audit log as moderators (for the filter). */
export async function auditActors(db: Kysely<Database>, scope: ModeratorScope) {
  let query = db.selectFrom("audit_log as a").innerJoin("users as u", "u.id", "a.actor_id").select(["u.id", "u.display_name"]).distinct().orderBy("u.display_name").limit(200);
  if (!scope.all) query = scope.groupIds.length ? query.where("a.group_id", "in", scope.groupIds) : query.where(sql<boolean>`1 = 0`);
  return query.execute();
}

// ---------------------------------------------------------------------------------------------
// Reports and review items

export type ReportTarget = { kind: ReviewItemKind; id: number | string };

interface ResolvedTarget {
  kind: ReviewItemKind;
  key: string;
  groupId: number | null;
  postId: number | null;
  threadId: number | null;
  subjectUserId: string | null;
}

/** What a report is about, with its group and the member concerned; 404 when it is gone. */
export async function resolveTarget(db: Kysely<Database>, target: ReportTarget, groupContext: number | null = null): Promise<ResolvedTarget> {
  if (target.kind === "post") {
    const id = Number(target.id);
    const post = Number.isSafeInteger(id) && id > 0 ? await db.selectFrom("posts").select(["id", "group_id", "thread_id", "author_id", "deleted_at"]).where("id", "=", id).executeTakeFirst() : undefined;
    if (!post || post.deleted_at) throw new ModerationError("That post is no longer here.", 404);
    return { kind: "post", key: `post:${post.id}`, groupId: post.group_id, postId: post.id, threadId: post.thread_id, subjectUserId: post.author_id };
  }
  if (target.kind === "thread") {
    const id = Number(target.id);
    const thread = Number.isSafeInteger(id) && id > 0 ? await db.selectFrom("threads").select(["id", "group_id", "author_id", "deleted_at"]).where("id", "=", id).executeTakeFirst() : undefined;
    if (!thread || thread.deleted_at) throw new ModerationError("That thread is no longer here.", 404);
    return { kind: "thread", key: `thread:${thread.id}`, groupId: thread.group_id, postId: null, threadId: thread.id, subjectUserId: thread.author_id };
  }
  const user = await db.selectFrom("users").select("id").where("id", "=", String(target.id)).executeTakeFirst();
  if (!user) throw new ModerationError("That member is no longer here.", 404);
  // A member is reported or moderated in a group's context only if they belong to that group:
  // otherwise a group's moderator could reach any member of the site through it.
  if (groupContext !== null && !(await belongsToGroup(db, user.id, groupContext))) throw new ModerationError("That member is no longer here.", 404);
  return { kind: "member", key: groupContext ? `member:${user.id}:${groupContext}` : `member:${user.id}`, groupId: groupContext, postId: null, threadId: null, subjectUserId: user.id };
}

/** A member of the group now, or someone who wrote there (a member who left is still answerable for it). */
export async function belongsToGroup(db: Kysely<Database>, userId: string, groupId: number): Promise<boolean> {
  const row = await db
    .selectFrom("users")
    .select("users.id")
    .where("users.id", "=", userId)
    .where((eb) =>
      eb.or([
        eb.exists(eb.selectFrom("group_members").select("group_members.user_id").where("group_members.group_id", "=", groupId).where("group_members.user_id", "=", userId)),
        eb.exists(eb.selectFrom("posts").select("posts.id").where("posts.group_id", "=", groupId).where("posts.author_id", "=", userId)),
      ]),
    )
    .executeTakeFirst();
  return row !== undefined;
}

/** The open review item for a target, created if there is none. */
async function openItem(tx: Kysely<Database>, target: ResolvedTarget, now: Date): Promise<{ id: number; report_count: number; is_crisis: number }> {
  const find = () => tx.selectFrom("review_items").select(["id", "report_count", "is_crisis"]).where("target_key", "=", target.key).where("status", "=", "open").executeTakeFirst();
  const existing = await find();
  if (existing) return existing;
  return tx
    .insertInto("review_items")
    .values({
      group_id: target.groupId, kind: target.kind, target_key: target.key, post_id: target.postId, thread_id: target.threadId, subject_user_id: target.subjectUserId,
      opened_at: now.toISOString(), first_action_at: null, resolved_at: null, resolved_by: null, resolution: null,
    })
    .returning(["id", "report_count", "is_crisis"])
    .executeTakeFirstOrThrow();
}

export const AUTO_HIDE_REASON = "Hidden until a moderator reviews it, because several members reported it.";

/**
 * A member reports a post, thread or member. One open report per member per item; a crisis
 * report puts the item first in the queue; enough reports on a post hide it pending review.
 */
export async function fileReport(
  db: Kysely<Database>,
  reporterId: string,
  target: ReportTarget,
  input: { reason: ReportReason; note: string; groupContext?: number | null },
  now = clockNow(),
): Promise<{ itemId: number }> {
  const settings = await getModerationSettings(db);
  try {
    return await inTransaction(db, async (tx) => {
      const resolved = await resolveTarget(tx, target, input.groupContext ?? null);
      if (resolved.subjectUserId === reporterId) throw new ModerationError("You can't report your own posts. You can edit or delete them instead.", 400);
      const item = await openItem(tx, resolved, now);
      await tx.insertInto("reports").values({ item_id: item.id, reporter_id: reporterId, reason: input.reason, note: input.note, created_at: now.toISOString() }).execute();
      const updated = await tx
        .updateTable("review_items")
        .set((eb) => ({ report_count: eb("report_count", "+", 1), ...(input.reason === "crisis" ? { is_crisis: 1 } : {}) }))
        .where("id", "=", item.id)
        .returning("report_count")
        .executeTakeFirstOrThrow();
      if (resolved.kind === "post" && settings.autoHideReports > 0 && updated.report_count >= settings.autoHideReports) {
        const hidden = await tx
          .updateTable("posts")
          .set({ hidden_at: now.toISOString(), hidden_reason: AUTO_HIDE_REASON })
          .where("id", "=", resolved.postId!)
          .where("hidden_at", "is", null)
          .executeTakeFirst();
        if (Number(hidden.numUpdatedRows) > 0) {
          await unindexPost(tx, resolved.postId!);
          await recordAudit(tx, { actorId: null, action: "post.auto_hide", groupId: resolved.groupId, subjectUserId: resolved.subjectUserId, postId: resolved.postId, threadId: resolved.threadId, itemId: item.id, reason: `${updated.report_count} members reported it`, before: { hidden: false }, after: { hidden: true } }, now);
        }
      }
      return { itemId: item.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ModerationError("You have already reported this. A moderator will look at it; thank you.", 409);
    throw error;
  }
}

/** Harbor's own flag on a post (crisis language, a watched word, a post held for approval). */
export async function flagPost(tx: Kysely<Database>, postId: number, reason: keyof typeof SYSTEM_REASONS, note: string, now = clockNow()): Promise<number> {
  const resolved = await resolveTarget(tx, { kind: "post", id: postId });
  const item = await openItem(tx, resolved, now);
  // One flag per reason per item: the reporter is null, so the unique index does not catch repeats.
  const already = await tx.selectFrom("reports").select("id").where("item_id", "=", item.id).where("reporter_id", "is", null).where("reason", "=", reason).executeTakeFirst();
  if (!already) await tx.insertInto("reports").values({ item_id: item.id, reporter_id: null, reason, note, created_at: now.toISOString() }).execute();
  if (reason === "crisis_language") await tx.updateTable("review_items").set({ is_crisis: 1 }).where("id", "=", item.id).execute();
  return item.id;
}

export const QUEUE_PAGE_SIZE = 25;

/** Open items in scope: crisis first, then most reported, then oldest. With what the list shows, in two queries. */
export async function listQueue(db: Kysely<Database>, scope: ModeratorScope, options: { page?: number; groupId?: number } = {}) {
  const page = Math.max(1, options.page ?? 1);
  let query = db
    .selectFrom("review_items as ri")
    .leftJoin("groups as g", "g.id", "ri.group_id")
    .leftJoin("posts as p", "p.id", "ri.post_id")
    .leftJoin("threads as t", "t.id", "ri.thread_id")
    .leftJoin("users as s", "s.id", "ri.subject_user_id")
    .select([
      "ri.id", "ri.kind", "ri.group_id", "ri.post_id", "ri.thread_id", "ri.subject_user_id", "ri.is_crisis", "ri.report_count", "ri.opened_at",
      "g.name as group_name", "g.slug as group_slug", "t.title as thread_title", "p.body_source as post_source", "p.status as post_status", "p.hidden_at as post_hidden_at",
      "s.display_name as subject_name",
    ])
    .where("ri.status", "=", "open")
    .orderBy("ri.is_crisis", "desc")
    .orderBy("ri.report_count", "desc")
    .orderBy("ri.opened_at", "asc")
    .orderBy("ri.id", "asc")
    .limit(QUEUE_PAGE_SIZE + 1)
    .offset((page - 1) * QUEUE_PAGE_SIZE);
  if (!scope.all) query = scope.groupIds.length ? query.where("ri.group_id", "in", scope.groupIds) : query.where(sql<boolean>`1 = 0`);
  if (options.groupId) query = query.where("ri.group_id", "=", options.groupId);
  const rows = await query.execute();
  const items = rows.slice(0, QUEUE_PAGE_SIZE);
  const reasons = items.length
    ? await db.selectFrom("reports").select(["item_id", "reason"]).where("item_id", "in", items.map((i) => i.id)).execute()
    : [];
  const byItem = new Map<number, string[]>();
  for (const r of reasons) {
    const list = byItem.get(r.item_id) ?? [];
    if (!list.includes(r.reason)) list.push(r.reason);
    byItem.set(r.item_id, list);
  }
  return { items: items.map((item) => ({ ...item, reasons: byItem.get(item.id) ?? [] })), hasMore: rows.length > QUEUE_PAGE_SIZE, page };
}

/** The open item about a target, with its reports (reporters' names: moderators only). */
export async function openItemFor(db: Kysely<Database>, key: string) {
  const item = await db.selectFrom("review_items").selectAll().where("target_key", "=", key).where("status", "=", "open").executeTakeFirst();
  if (!item) return null;
  const reports = await db
    .selectFrom("reports")
    .leftJoin("users", "users.id", "reports.reporter_id")
    .select(["reports.id", "reports.reason", "reports.note", "reports.created_at", "reports.reporter_id", "users.display_name as reporter_name"])
    .where("reports.item_id", "=", item.id)
    .orderBy("reports.id")
    .limit(200)
    .execute();
  return { item, reports };
}

export async function getReviewItem(db: Kysely<Database>, itemId: number) {
  if (!Number.isSafeInteger(itemId) || itemId <= 0) return undefined;
  return db.selectFrom("review_items").selectAll().where("id", "=", itemId).executeTakeFirst();
}

/** Earlier items and actions concerning a member, in the viewer's scope. */
export async function memberHistory(db: Kysely<Database>, scope: ModeratorScope, userId: string, now = clockNow()) {
  let actions = db
    .selectFrom("audit_log as a")
    .leftJoin("users as actor", "actor.id", "a.actor_id")
    .leftJoin("groups as g", "g.id", "a.group_id")
    .select(["a.id", "a.action", "a.reason", "a.created_at", "a.after_state", "actor.display_name as actor_name", "g.name as group_name"])
    .where("a.subject_user_id", "=", userId)
    .orderBy("a.created_at", "desc")
    .limit(30);
  let items = db
    .selectFrom("review_items as ri")
    .leftJoin("groups as g", "g.id", "ri.group_id")
    .select(["ri.id", "ri.kind", "ri.status", "ri.report_count", "ri.opened_at", "ri.resolution", "g.name as group_name"])
    .where("ri.subject_user_id", "=", userId)
    .orderBy("ri.opened_at", "desc")
    .limit(30);
  let sanctions = db
    .selectFrom("sanctions as s")
    .leftJoin("groups as g", "g.id", "s.group_id")
    .select(["s.id", "s.kind", "s.reason", "s.starts_at", "s.ends_at", "s.group_id", "g.name as group_name"])
    .where("s.user_id", "=", userId)
    .where("s.lifted_at", "is", null)
    .where((eb) => eb.or([eb("s.ends_at", "is", null), eb("s.ends_at", ">", now.toISOString())]))
    .orderBy("s.starts_at", "desc")
    .limit(30);
  if (!scope.all) {
    const ids = scope.groupIds.length ? scope.groupIds : [-1];
    actions = actions.where("a.group_id", "in", ids);
    items = items.where("ri.group_id", "in", ids);
    sanctions = sanctions.where((eb) => eb.or([eb("s.group_id", "in", ids), eb("s.group_id", "is", null)]));
  }
  const [a, i, s] = await Promise.all([actions.execute(), items.execute(), sanctions.execute()]);
  // A group's moderator learns that a member is suspended site-wide, not why (that is between the admins and the member).
  return { actions: a, items: i, sanctions: s.map((row) => (maySeeSanctionReason(scope, row.group_id) ? row : { ...row, reason: "" })) };
}

// ---------------------------------------------------------------------------------------------
// Sanctions

export interface ActiveSanction {
  id: number;
  kind: SanctionKind;
  group_id: number | null;
  reason: string;
  ends_at: string | null;
}

function activeSanctions(db: Kysely<Database>, userId: string, now: Date) {
  return db
    .selectFrom("sanctions")
    .select(["id", "kind", "group_id", "reason", "ends_at"])
    .where("user_id", "=", userId)
    .where("lifted_at", "is", null)
    .where("starts_at", "<=", now.toISOString())
    .where((eb) => eb.or([eb("ends_at", "is", null), eb("ends_at", ">", now.toISOString())]));
}

export async function activeSuspension(db: Kysely<Database>, userId: string, now = clockNow()): Promise<ActiveSanction | undefined> {
  return activeSanctions(db, userId, now).where("kind", "=", "suspend").orderBy("ends_at", "desc").executeTakeFirst();
}

/** Why a member may not post, edit or delete in a group right now (mute, ban or suspension), or null. */
export async function postingSanction(db: Kysely<Database>, userId: string, groupId: number, now = clockNow()): Promise<ActiveSanction | null> {
  const rows = await activeSanctions(db, userId, now)
    .where((eb) => eb.or([eb("group_id", "=", groupId), eb("kind", "=", "suspend")]))
    .limit(5)
    .execute();
  const order: Record<SanctionKind, number> = { suspend: 0, ban: 1, mute: 2 };
  return rows.sort((a, b) => order[a.kind] - order[b.kind])[0] ?? null;
}

export function untilText(endsAt: string | null, timeZone: string): string {
  if (!endsAt) return "until a moderator lifts it";
  return `until ${new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(endsAt))}`;
}

/** The message a sanctioned member sees when they try to post, edit or delete. */
export function sanctionMessage(s: ActiveSanction, timeZone: string): string {
  const what = s.kind === "mute" ? "You are muted in this group" : s.kind === "ban" ? "You are banned from posting in this group" : "Your account is suspended";
  return `${what} ${untilText(s.ends_at, timeZone)}. The moderators' reason: “${s.reason}”. You can still read.`;
}

export const SANCTION_LABELS: Record<SanctionKind, string> = { mute: "Muted", ban: "Banned from the group", suspend: "Suspended site-wide" };

async function applySanction(
  tx: Kysely<Database>,
  actorId: string,
  input: { userId: string; groupId: number | null; kind: SanctionKind; reason: string; hours: number | null; itemId?: number | null },
  now: Date,
) {
  const ends = input.hours ? new Date(now.getTime() + input.hours * 3600_000).toISOString() : null;
  const row = await tx
    .insertInto("sanctions")
    .values({ user_id: input.userId, group_id: input.kind === "suspend" ? null : input.groupId, kind: input.kind, reason: input.reason, starts_at: now.toISOString(), ends_at: ends, lifted_at: null, lifted_by: null, created_by: actorId })
    .returning("id")
    .executeTakeFirstOrThrow();
  // A suspended member's sessions end now; sign-in refuses them until the suspension ends.
  if (input.kind === "suspend") await deleteUserSessions(tx, input.userId);
  await notify(tx, { userId: input.userId, type: "sanction", groupId: input.kind === "suspend" ? null : input.groupId, data: { kind: input.kind, until: ends, reason: input.reason } });
  await recordAudit(tx, { actorId, action: `member.${input.kind}`, groupId: input.groupId, subjectUserId: input.userId, itemId: input.itemId ?? null, reason: input.reason, before: {}, after: { sanctionId: row.id, kind: input.kind, endsAt: ends } }, now);
  return row.id;
}

export async function liftSanction(db: Kysely<Database>, actor: { id: string; role: string }, sanctionId: number, reason: string, now = clockNow()): Promise<void> {
  await inTransaction(db, async (tx) => {
    const s = await tx.selectFrom("sanctions").selectAll().where("id", "=", sanctionId).executeTakeFirst();
    if (!s) throw new ModerationError("That sanction is no longer here.", 404);
    const scope = await moderatorScope(tx, actor);
    if (s.kind === "suspend" ? !scope.all : !canModerate(scope, s.group_id)) throw new ModerationError("Not found", 404);
    if (s.lifted_at || (s.ends_at && s.ends_at <= now.toISOString())) throw new ModerationError("That sanction has already ended.", 409);
    await tx.updateTable("sanctions").set({ lifted_at: now.toISOString(), lifted_by: actor.id }).where("id", "=", sanctionId).execute();
    await notify(tx, { userId: s.user_id, type: "sanction", groupId: s.group_id, data: { kind: s.kind, lifted: true, reason } });
    await recordAudit(tx, { actorId: actor.id, action: "sanction.lift", groupId: s.group_id, subjectUserId: s.user_id, reason, before: { sanctionId, kind: s.kind, endsAt: s.ends_at }, after: { lifted: true } }, now);
  });
}

// ---------------------------------------------------------------------------------------------
// Moderator actions on a review target

export const CONTENT_ACTIONS = ["dismiss", "hide", "unhide", "delete", "approve", "reject"] as const;
export const MEMBER_ACTIONS = ["warn", "mute", "ban", "suspend"] as const;
export type ModerationAction = (typeof CONTENT_ACTIONS)[number] | (typeof MEMBER_ACTIONS)[number];

export interface ActionInput {
  action: ModerationAction;
  reason: string;
  /** Mutes, bans and suspensions: hours, or null for "until lifted". */
  hours?: number | null;
}

/** Outcomes reporters learn, in general terms: never who was sanctioned or how. */
const OUTCOME_FOR: Record<ModerationAction, string> = {
  dismiss: "no_action",
  unhide: "no_action",
  hide: "action_taken",
  delete: "action_taken",
  reject: "action_taken",
  approve: "no_action",
  warn: "action_taken",
  mute: "action_taken",
  ban: "action_taken",
  suspend: "action_taken",
};

async function resolveOpenItem(tx: Kysely<Database>, itemId: number, actorId: string, action: ModerationAction, now: Date, notifyReporters = true) {
  const done = await tx
    .updateTable("review_items")
    .set({ status: "resolved", resolved_at: now.toISOString(), resolved_by: actorId, resolution: action })
    .where("id", "=", itemId)
    .where("status", "=", "open")
    .returning(["id", "group_id", "thread_id", "post_id"])
    .executeTakeFirst();
  if (!done) return;
  await tx.updateTable("review_items").set({ first_action_at: now.toISOString() }).where("id", "=", itemId).where("first_action_at", "is", null).execute();
  if (!notifyReporters) return;
  const reporters = await tx.selectFrom("reports").select("reporter_id").where("item_id", "=", itemId).where("reporter_id", "is not", null).execute();
  for (const r of reporters) {
    if (r.reporter_id === actorId) continue;
    await notify(tx, { userId: r.reporter_id!, type: "report_outcome", groupId: done.group_id, threadId: done.thread_id, postId: done.post_id, data: { outcome: OUTCOME_FOR[action] } });
  }
}

/**
 * A moderator acts on a post, thread or member. The caller has checked the actor may see this
 * page; the scope check here is the one that counts. Content actions need the open item (if any)
 * still open; member actions also resolve it.
 */
export async function moderate(
  db: Kysely<Database>,
  actor: { id: string; role: string },
  target: ReportTarget & { groupContext?: number | null },
  input: ActionInput,
  now = clockNow(),
): Promise<{ message: string }> {
  return inTransaction(db, async (tx) => {
    const scope = await moderatorScope(tx, actor);
    const resolved = await resolveTarget(tx, target, target.groupContext ?? null).catch((error: unknown) => {
      // A post already deleted by a moderator still answers clearly.
      throw error instanceof ModerationError ? error : error;
    });
    if (!canModerate(scope, resolved.groupId)) throw new ModerationError("Not found", 404);
    const open = await tx.selectFrom("review_items").select(["id", "status"]).where("target_key", "=", resolved.key).where("status", "=", "open").executeTakeFirst();
    const itemId = open?.id ?? null;
    const base = { actorId: actor.id, groupId: resolved.groupId, subjectUserId: resolved.subjectUserId, postId: resolved.postId, threadId: resolved.threadId, itemId, reason: input.reason };
    const { action } = input;

    if (action === "dismiss") {
      if (!open) throw new ModerationError("There are no open reports on this any more: another moderator may have handled them.", 409);
      // Dismissing restores a post that reports had hidden pending review.
      if (resolved.postId) {
        const restored = await tx.updateTable("posts").set({ hidden_at: null, hidden_reason: null }).where("id", "=", resolved.postId).where("hidden_reason", "=", AUTO_HIDE_REASON).executeTakeFirst();
        if (Number(restored.numUpdatedRows) > 0) await reindex(tx, resolved.postId);
      }
      await recordAudit(tx, { ...base, action: "report.dismiss", before: { status: "open" }, after: { status: "resolved" } }, now);
      await resolveOpenItem(tx, open.id, actor.id, action, now);
      return { message: "Reports dismissed. The reporters have been told they were reviewed." };
    }

    if (action === "hide" || action === "unhide") {
      const hide = action === "hide";
      if (resolved.kind === "member") throw new ModerationError("Members can't be hidden; choose another action.", 400);
      if (resolved.kind === "post") {
        const post = await tx.selectFrom("posts").select(["hidden_at", "hidden_reason"]).where("id", "=", resolved.postId!).executeTakeFirstOrThrow();
        if (hide && post.hidden_at && post.hidden_reason !== AUTO_HIDE_REASON && !open) throw new ModerationError("This post is already hidden.", 409);
        if (!hide && !post.hidden_at) throw new ModerationError("This post isn't hidden.", 409);
        await tx.updateTable("posts").set(hide ? { hidden_at: now.toISOString(), hidden_reason: input.reason } : { hidden_at: null, hidden_reason: null }).where("id", "=", resolved.postId!).execute();
        if (hide) await unindexPost(tx, resolved.postId!);
        else await reindex(tx, resolved.postId!);
        await recordAudit(tx, { ...base, action: `post.${action}`, before: { hidden: !!post.hidden_at, reason: post.hidden_reason }, after: { hidden: hide, reason: hide ? input.reason : null } }, now);
      } else {
        const thread = await tx.selectFrom("threads").select(["hidden_at", "hidden_reason"]).where("id", "=", resolved.threadId!).executeTakeFirstOrThrow();
        if (hide === !!thread.hidden_at) throw new ModerationError(hide ? "This thread is already hidden." : "This thread isn't hidden.", 409);
        await tx.updateTable("threads").set(hide ? { hidden_at: now.toISOString(), hidden_reason: input.reason } : { hidden_at: null, hidden_reason: null }).where("id", "=", resolved.threadId!).execute();
        await recordAudit(tx, { ...base, action: `thread.${action}`, before: { hidden: !!thread.hidden_at }, after: { hidden: hide, reason: hide ? input.reason : null } }, now);
      }
      if (hide && resolved.subjectUserId) {
        await notify(tx, { userId: resolved.subjectUserId, type: "post_hidden", groupId: resolved.groupId, threadId: resolved.threadId, postId: resolved.postId, data: { reason: input.reason } });
      }
      if (open) await resolveOpenItem(tx, open.id, actor.id, action, now);
      return { message: hide ? "Hidden. The member sees your reason in its place." : "Visible again." };
    }

    if (action === "delete" || action === "reject") {
      if (resolved.kind === "member") throw new ModerationError("Choose suspend (admins) to act on an account.", 400);
      if (resolved.kind === "post") {
        const post = await tx.selectFrom("posts").select(["body_source", "status", "position"]).where("id", "=", resolved.postId!).executeTakeFirstOrThrow();
        if (action === "reject" && post.status !== "pending") throw new ModerationError("This post is already published; hide or delete it instead.", 409);
        await tx.updateTable("posts").set({ deleted_at: now.toISOString(), deleted_by: "moderator", body_source: "", body_html: "", hidden_at: null, hidden_reason: null }).where("id", "=", resolved.postId!).execute();
        await tx.deleteFrom("post_reactions").where("post_id", "=", resolved.postId!).execute();
        await unindexPost(tx, resolved.postId!);
        // A held opening post takes its (unpublished) thread with it.
        if (post.status === "pending" && post.position === null) {
          await tx.updateTable("threads").set({ deleted_at: now.toISOString() }).where("id", "=", resolved.threadId!).where("status", "=", "pending").execute();
        }
        // The words go; the audit log keeps them for accountability (moderators and admins only).
        await recordAudit(tx, { ...base, action: action === "reject" ? "post.reject" : "post.delete", before: { body: post.body_source.slice(0, 4000), status: post.status }, after: { deleted: true } }, now);
      } else {
        const thread = await tx.selectFrom("threads").select(["title", "group_id"]).where("id", "=", resolved.threadId!).executeTakeFirstOrThrow();
        await tx.updateTable("threads").set({ deleted_at: now.toISOString() }).where("id", "=", resolved.threadId!).execute();
        await tx.updateTable("groups").set((eb) => ({ thread_count: eb("thread_count", "-", 1) })).where("id", "=", thread.group_id).where("thread_count", ">", 0).execute();
        await recordAudit(tx, { ...base, action: "post.delete", before: { thread: thread.title }, after: { deleted: true } }, now);
      }
      if (resolved.subjectUserId) {
        await notify(tx, { userId: resolved.subjectUserId, type: "post_hidden", groupId: resolved.groupId, threadId: resolved.threadId, postId: resolved.postId, data: { reason: input.reason, deleted: true } });
      }
      if (open) await resolveOpenItem(tx, open.id, actor.id, action, now);
      return { message: action === "reject" ? "Rejected. The member has been told why." : "Deleted. The audit log keeps a copy for accountability." };
    }

    if (action === "approve") {
      if (resolved.kind !== "post") throw new ModerationError("Only posts wait for approval.", 400);
      await approvePost(tx, actor.id, resolved.postId!, now);
      if (open) await resolveOpenItem(tx, open.id, actor.id, action, now, false);
      return { message: "Approved and published with its original time." };
    }

    // Member actions.
    if (!resolved.subjectUserId) throw new ModerationError("This member's account no longer exists.", 404);
    if (resolved.subjectUserId === actor.id) throw new ModerationError("You can't take this action on yourself.", 400);
    const subject = await tx.selectFrom("users").select("role").where("id", "=", resolved.subjectUserId).executeTakeFirst();
    if (subject?.role === "admin" && action !== "warn") throw new ModerationError("Site admins can't be muted, banned or suspended here. Change their role first.", 409);
    if (action === "warn") {
      await notify(tx, { userId: resolved.subjectUserId, type: "moderator_warning", groupId: resolved.groupId, threadId: resolved.threadId, postId: resolved.postId, data: { reason: input.reason } });
      await recordAudit(tx, { ...base, action: "member.warn", after: { warned: true } }, now);
    } else if (action === "suspend") {
      if (!scope.all) throw new ModerationError("Only site admins can suspend an account.", 403);
      await applySanction(tx, actor.id, { userId: resolved.subjectUserId, groupId: resolved.groupId, kind: "suspend", reason: input.reason, hours: input.hours ?? null, itemId }, now);
    } else {
      if (resolved.groupId === null) throw new ModerationError("Mutes and bans are per group; this report is not in a group.", 400);
      await applySanction(tx, actor.id, { userId: resolved.subjectUserId, groupId: resolved.groupId, kind: action, reason: input.reason, hours: input.hours ?? null, itemId }, now);
    }
    if (open) await resolveOpenItem(tx, open.id, actor.id, action, now);
    const label = { warn: "Warning sent privately.", mute: "Muted.", ban: "Banned from posting in the group.", suspend: "Suspended; their sessions have ended." }[action];
    return { message: `${label} The member sees your reason.` };
  });
}

async function reindex(tx: Kysely<Database>, postId: number) {
  const post = await tx
    .selectFrom("posts")
    .innerJoin("threads", "threads.id", "posts.thread_id")
    .select(["posts.body_html", "posts.position", "posts.status", "posts.deleted_at", "threads.title"])
    .where("posts.id", "=", postId)
    .executeTakeFirst();
  if (post && post.status === "published" && !post.deleted_at) await indexPost(tx, postId, post.position === 0 ? post.title : "", post.body_html);
}

/** Publishes a held post at the end of its thread, with its original time. */
export async function approvePost(tx: Kysely<Database>, actorId: string, postId: number, now = clockNow()): Promise<void> {
  const post = await tx.selectFrom("posts").select(["id", "thread_id", "group_id", "author_id", "status", "created_at", "deleted_at"]).where("id", "=", postId).executeTakeFirst();
  if (!post || post.deleted_at) throw new ModerationError("That post is no longer here.", 404);
  if (post.status !== "pending") throw new ModerationError("This post was already approved.", 409);
  const thread = await tx.selectFrom("threads").select(["status", "post_count", "last_post_at"]).where("id", "=", post.thread_id).executeTakeFirstOrThrow();
  const lastPostAt = thread.last_post_at > post.created_at ? thread.last_post_at : post.created_at;
  if (thread.status === "pending") {
    await tx.updateTable("threads").set({ status: "published", post_count: 1, last_post_at: post.created_at }).where("id", "=", post.thread_id).execute();
    await tx.updateTable("posts").set({ status: "published", position: 0 }).where("id", "=", postId).execute();
    await tx.updateTable("groups").set((eb) => ({ thread_count: eb("thread_count", "+", 1), last_activity_at: now.toISOString() })).where("id", "=", post.group_id).execute();
  } else {
    const bumped = await tx
      .updateTable("threads")
      .set((eb) => ({ post_count: eb("post_count", "+", 1), last_post_at: lastPostAt }))
      .where("id", "=", post.thread_id)
      .returning("post_count")
      .executeTakeFirstOrThrow();
    await tx.updateTable("posts").set({ status: "published", position: bumped.post_count - 1 }).where("id", "=", postId).execute();
  }
  await reindex(tx, postId);
  if (post.author_id) await notify(tx, { userId: post.author_id, type: "post_approved", groupId: post.group_id, threadId: post.thread_id, postId });
  await notifyNewPost(tx, postId);
  await recordAudit(tx, { actorId, action: "post.approve", groupId: post.group_id, subjectUserId: post.author_id, postId, threadId: post.thread_id, before: { status: "pending" }, after: { status: "published" } }, now);
}

// ---------------------------------------------------------------------------------------------
// Thread tools

export type ThreadTool = "pin" | "unpin" | "lock" | "unlock" | "move" | "slow_mode";

export async function threadTool(
  db: Kysely<Database>,
  actor: { id: string; role: string },
  threadId: number,
  input: { tool: ThreadTool; reason: string; toGroupId?: number; slowModeMinutes?: number },
  now = clockNow(),
): Promise<{ message: string; groupId: number }> {
  return inTransaction(db, async (tx) => {
    const scope = await moderatorScope(tx, actor);
    const thread = await tx.selectFrom("threads").selectAll().where("id", "=", threadId).where("deleted_at", "is", null).executeTakeFirst();
    if (!thread || !canModerate(scope, thread.group_id)) throw new ModerationError("Not found", 404);
    const base = { actorId: actor.id, groupId: thread.group_id, subjectUserId: thread.author_id, threadId, reason: input.reason };
    switch (input.tool) {
      case "pin":
      case "unpin": {
        const value = input.tool === "pin" ? 1 : 0;
        await tx.updateTable("threads").set({ is_pinned: value }).where("id", "=", threadId).execute();
        await recordAudit(tx, { ...base, action: `thread.${input.tool}`, before: { pinned: thread.is_pinned === 1 }, after: { pinned: value === 1 } }, now);
        return { message: value ? "Pinned to the top of the board." : "Unpinned.", groupId: thread.group_id };
      }
      case "lock":
      case "unlock": {
        const value = input.tool === "lock" ? 1 : 0;
        await tx.updateTable("threads").set({ is_locked: value }).where("id", "=", threadId).execute();
        await recordAudit(tx, { ...base, action: `thread.${input.tool}`, before: { locked: thread.is_locked === 1 }, after: { locked: value === 1 } }, now);
        return { message: value ? "Locked: members can read it but not reply." : "Unlocked.", groupId: thread.group_id };
      }
      case "slow_mode": {
        const minutes = Math.max(0, Math.min(24 * 60, Math.floor(input.slowModeMinutes ?? 0)));
        await tx.updateTable("threads").set({ slow_mode_minutes: minutes }).where("id", "=", threadId).execute();
        await recordAudit(tx, { ...base, action: "thread.slow_mode", before: { minutes: thread.slow_mode_minutes }, after: { minutes } }, now);
        return { message: minutes ? `Slow mode on: one post per member every ${minutes} minutes.` : "Slow mode off.", groupId: thread.group_id };
      }
      case "move": {
        const to = input.toGroupId;
        if (!to || to === thread.group_id) throw new ModerationError("Choose another group to move the thread to.", 400);
        if (!canModerate(scope, to)) throw new ModerationError("You can only move threads into groups you moderate.", 403);
        const target = await tx.selectFrom("groups").select(["id", "name"]).where("id", "=", to).executeTakeFirst();
        if (!target) throw new ModerationError("That group is no longer here.", 404);
        await tx.updateTable("threads").set({ group_id: to }).where("id", "=", threadId).execute();
        await tx.updateTable("posts").set({ group_id: to }).where("thread_id", "=", threadId).execute();
        await reindexThreadGroup(tx, threadId);
        await tx.updateTable("review_items").set({ group_id: to }).where("thread_id", "=", threadId).where("status", "=", "open").execute();
        if (thread.status === "published") {
          await tx.updateTable("groups").set((eb) => ({ thread_count: eb("thread_count", "-", 1) })).where("id", "=", thread.group_id).where("thread_count", ">", 0).execute();
          await tx.updateTable("groups").set((eb) => ({ thread_count: eb("thread_count", "+", 1) })).where("id", "=", to).execute();
        }
        await recordAudit(tx, { ...base, action: "thread.move", before: { groupId: thread.group_id }, after: { groupId: to } }, now);
        return { message: `Moved to ${target.name}.`, groupId: to };
      }
    }
  });
}

// ---------------------------------------------------------------------------------------------
// The review page: the content in its context

/**
 * What a moderator sees about a target: the post with the posts around it, or the thread with its
 * opening post, or the member's public name. Never e-mail or private recovery data.
 */
export async function getReviewContext(db: Kysely<Database>, target: ReportTarget, groupContext: number | null) {
  const resolved = await resolveTarget(db, target, groupContext).catch(() => null);
  if (!resolved) return null;
  const group = resolved.groupId ? await db.selectFrom("groups").select(["id", "name", "slug"]).where("id", "=", resolved.groupId).executeTakeFirst() : undefined;
  const subject = resolved.subjectUserId
    ? await db.selectFrom("users").select(["id", "display_name", "role", "created_at"]).where("id", "=", resolved.subjectUserId).executeTakeFirst()
    : undefined;
  let thread: { id: number; title: string; is_pinned: number; is_locked: number; slow_mode_minutes: number; hidden_at: string | null; hidden_reason: string | null; status: string; post_count: number } | undefined;
  let posts: { id: number; position: number | null; author_name: string | null; body_html: string; created_at: string; status: string; hidden_at: string | null; hidden_reason: string | null; deleted_at: string | null; focus: boolean }[] = [];
  if (resolved.threadId) {
    thread = await db
      .selectFrom("threads")
      .select(["id", "title", "is_pinned", "is_locked", "slow_mode_minutes", "hidden_at", "hidden_reason", "status", "post_count"])
      .where("id", "=", resolved.threadId)
      .executeTakeFirst();
    const focus = resolved.postId
      ? await db.selectFrom("posts").select(["id", "position", "status"]).where("id", "=", resolved.postId).executeTakeFirst()
      : { id: 0, position: 0, status: "published" };
    // Two posts before and after (a held post: the last two of the thread before it).
    const center = focus?.position ?? (thread ? thread.post_count : 0);
    const rows = await db
      .selectFrom("posts")
      .leftJoin("users", "users.id", "posts.author_id")
      .select(["posts.id", "posts.position", "users.display_name as author_name", "posts.body_html", "posts.created_at", "posts.status", "posts.hidden_at", "posts.hidden_reason", "posts.deleted_at"])
      .where("posts.thread_id", "=", resolved.threadId)
      .where((eb) =>
        eb.or([
          eb.and([eb("posts.position", ">=", center - 2), eb("posts.position", "<=", center + 2)]),
          ...(resolved.postId ? [eb("posts.id", "=", resolved.postId)] : []),
        ]),
      )
      .orderBy("posts.position")
      .limit(6)
      .execute();
    posts = rows
      .map((p) => ({ ...p, focus: resolved.postId ? p.id === resolved.postId : p.position === 0 }))
      .sort((a, b) => (a.position ?? Number.MAX_SAFE_INTEGER) - (b.position ?? Number.MAX_SAFE_INTEGER));
  }
  return { resolved, group, subject, thread, posts };
}

// ---------------------------------------------------------------------------------------------
// The admin dashboard

/** Members who used Harbor (a session in use, or a post) in the last `days` days. */
async function activeMembers(db: Kysely<Database>, since: string): Promise<number> {
  const row = await db
    .selectFrom((eb) =>
      eb
        .selectFrom("sessions")
        .select("user_id")
        .where("last_used_at", ">=", since)
        .union(eb.selectFrom("posts").select(sql<string>`author_id`.as("user_id")).where("created_at", ">=", since).where("author_id", "is not", null))
        .as("active"),
    )
    .select((eb) => eb.fn.count<number>("active.user_id").distinct().as("n"))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function moderationDashboard(db: Kysely<Database>, now = clockNow(), days = 14) {
  const dayMs = 86_400_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (days - 1) * dayMs);
  const [active7, active30, perDay, byReason, actedOn] = await Promise.all([
    activeMembers(db, iso(now.getTime() - 7 * dayMs)),
    activeMembers(db, iso(now.getTime() - 30 * dayMs)),
    db
      .selectFrom("posts")
      .select([sql<string>`substr(created_at, 1, 10)`.as("day"), (eb) => eb.fn.countAll<number>().as("n")])
      .where("created_at", ">=", start.toISOString())
      .where("status", "=", "published")
      .groupBy(sql`substr(created_at, 1, 10)`)
      .execute(),
    db
      .selectFrom("reports")
      .innerJoin("review_items", "review_items.id", "reports.item_id")
      .select(["reports.reason", (eb) => eb.fn.countAll<number>().as("n")])
      .where("review_items.status", "=", "open")
      .groupBy("reports.reason")
      .execute(),
    db
      .selectFrom("review_items")
      .select(["opened_at", "first_action_at"])
      .where("opened_at", ">=", iso(now.getTime() - 30 * dayMs))
      .where("first_action_at", "is not", null)
      .orderBy("opened_at", "desc")
      .limit(2000)
      .execute(),
  ]);
  const counts = new Map(perDay.map((r) => [r.day, Number(r.n)]));
  const postsPerDay = Array.from({ length: days }, (_, i) => {
    const day = iso(start.getTime() + i * dayMs).slice(0, 10);
    return { day, count: counts.get(day) ?? 0 };
  });
  const waits = actedOn.map((r) => Date.parse(r.first_action_at!) - Date.parse(r.opened_at)).sort((a, b) => a - b);
  const median = waits.length ? (waits.length % 2 ? waits[(waits.length - 1) / 2]! : (waits[waits.length / 2 - 1]! + waits[waits.length / 2]!) / 2) : null;
  return {
    active7,
    active30,
    postsPerDay,
    openByReason: byReason.map((r) => ({ reason: r.reason, count: Number(r.n) })).sort((a, b) => b.count - a.count),
    medianFirstActionMs: median,
    actedOnCount: waits.length,
  };
}

/**
 * Admins find a member by display name (prefix, on its folded key) or by exact e-mail address.
 * The address is matched, never returned.
 */
export async function findMembers(db: Kysely<Database>, query: string, limit = 25) {
  const q = query.trim();
  if (!q) return [];
  let builder = db.selectFrom("users").select(["id", "display_name", "role", "created_at"]).limit(limit);
  if (q.includes("@")) builder = builder.where("email", "=", q.toLowerCase());
  else {
    const key = q.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
    if (!key) return [];
    builder = builder.where("display_name_key", ">=", key).where("display_name_key", "<", `${key}\uffff`).orderBy("display_name_key");
  }
  return builder.execute();
}

/** An admin appoints or removes a group moderator; recorded in the audit log. Returns whether anything changed. */
export async function setModerator(db: Kysely<Database>, actorId: string, groupId: number, userId: string, moderator: boolean, now = clockNow()): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const changed = await setMemberRole(tx, groupId, userId, moderator ? "moderator" : "member", now);
    if (changed) await recordAudit(tx, { actorId, action: moderator ? "moderator.appoint" : "moderator.remove", groupId, subjectUserId: userId, before: { moderator: !moderator }, after: { moderator } }, now);
    return changed;
  });
}

/** An admin deletes a member's account (posts stay, shown as "a former member"); the audit log keeps the name. */
export async function deleteAccount(db: Kysely<Database>, actor: { id: string; role: string }, userId: string, reason: string, now = clockNow()): Promise<void> {
  if (actor.role !== "admin") throw new ModerationError("Only site admins can delete accounts.", 403);
  if (actor.id === userId) throw new ModerationError("Delete your own account from Settings.", 400);
  await inTransaction(db, async (tx) => {
    const user = await tx.selectFrom("users").select(["id", "display_name", "role"]).where("id", "=", userId).executeTakeFirst();
    if (!user) throw new ModerationError("That member is no longer here.", 404);
    if (user.role === "admin") throw new ModerationError("Admins can't be deleted here. Make them a member first.", 409);
    await recordAudit(tx, { actorId: actor.id, action: "member.delete", subjectUserId: userId, reason, before: { displayName: user.display_name }, after: { deleted: true } }, now);
    await tx.deleteFrom("users").where("id", "=", userId).execute();
  });
}
