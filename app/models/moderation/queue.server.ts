/**
 * Reports and the review queue: what a report is about, filing one (and hiding a post that enough
 * members reported), Harbor's own flags, the queue in a moderator's scope, and what the review
 * page shows about a post, thread or member. Never e-mail addresses or private recovery data.
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import type { ReviewItemKind } from "../../../db/schema/moderation";
import { inTransaction, isUniqueViolation } from "../../../db/client";
import { now as clockNow } from "../../utils/clock.server";
import { unindexPost } from "../search.server";
import { recordAudit } from "./audit.server";
import { ModerationError } from "./error.server";
import { maySeeSanctionReason, type ModeratorScope } from "../../policy/moderation";
import { getModerationSettings, type ReportReason, type SYSTEM_REASONS } from "./settings.server";

export type ReportTarget = { kind: ReviewItemKind; id: number | string };

export interface ResolvedTarget {
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
    const post =
      Number.isSafeInteger(id) && id > 0
        ? await db.selectFrom("posts").select(["id", "group_id", "thread_id", "author_id", "deleted_at"]).where("id", "=", id).executeTakeFirst()
        : undefined;
    if (!post || post.deleted_at) throw new ModerationError("That post is no longer here.", 404);
    return { kind: "post", key: `post:${post.id}`, groupId: post.group_id, postId: post.id, threadId: post.thread_id, subjectUserId: post.author_id };
  }
  if (target.kind === "message") {
    // A private message: the review sees only what reports carried (report_excerpts), never the conversation.
    const id = Number(target.id);
    const message =
      Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647 ? await db.selectFrom("messages").select(["id", "author_id"]).where("id", "=", id).executeTakeFirst() : undefined;
    if (!message) throw new ModerationError("That message is no longer here.", 404);
    return { kind: "message", key: `message:${message.id}`, groupId: null, postId: null, threadId: null, subjectUserId: message.author_id };
  }
  if (target.kind === "thread") {
    const id = Number(target.id);
    const thread =
      Number.isSafeInteger(id) && id > 0 ? await db.selectFrom("threads").select(["id", "group_id", "author_id", "deleted_at"]).where("id", "=", id).executeTakeFirst() : undefined;
    if (!thread || thread.deleted_at) throw new ModerationError("That thread is no longer here.", 404);
    return { kind: "thread", key: `thread:${thread.id}`, groupId: thread.group_id, postId: null, threadId: thread.id, subjectUserId: thread.author_id };
  }
  const user = await db.selectFrom("users").select("id").where("id", "=", String(target.id)).executeTakeFirst();
  if (!user) throw new ModerationError("That member is no longer here.", 404);
  // A member is reported or moderated in a group's context only if they belong to that group:
  // otherwise a group's moderator could reach any member of the site through it.
  if (groupContext !== null && !(await belongsToGroup(db, user.id, groupContext))) throw new ModerationError("That member is no longer here.", 404);
  return {
    kind: "member",
    key: groupContext ? `member:${user.id}:${groupContext}` : `member:${user.id}`,
    groupId: groupContext,
    postId: null,
    threadId: null,
    subjectUserId: user.id,
  };
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
      group_id: target.groupId,
      kind: target.kind,
      target_key: target.key,
      post_id: target.postId,
      thread_id: target.threadId,
      subject_user_id: target.subjectUserId,
      opened_at: now.toISOString(),
      first_action_at: null,
      resolved_at: null,
      resolved_by: null,
      resolution: null,
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
): Promise<{ itemId: number; reportId: number }> {
  const settings = await getModerationSettings(db);
  try {
    return await inTransaction(db, async (tx) => {
      const resolved = await resolveTarget(tx, target, input.groupContext ?? null);
      if (resolved.subjectUserId === reporterId) throw new ModerationError("You can't report your own posts. You can edit or delete them instead.", 400);
      const item = await openItem(tx, resolved, now);
      const report = await tx
        .insertInto("reports")
        .values({ item_id: item.id, reporter_id: reporterId, reason: input.reason, note: input.note, created_at: now.toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow();
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
          await recordAudit(
            tx,
            {
              actorId: null,
              action: "post.auto_hide",
              groupId: resolved.groupId,
              subjectUserId: resolved.subjectUserId,
              postId: resolved.postId,
              threadId: resolved.threadId,
              itemId: item.id,
              reason: `${updated.report_count} members reported it`,
              before: { hidden: false },
              after: { hidden: true },
            },
            now,
          );
        }
      }
      return { itemId: item.id, reportId: report.id };
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
  if (reason === "crisis_language") {
    await tx.updateTable("review_items").set({ is_crisis: 1 }).where("id", "=", item.id).execute();
    await tx.updateTable("posts").set({ crisis_at: now.toISOString() }).where("id", "=", postId).where("crisis_at", "is", null).execute();
  }
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
      "ri.id",
      "ri.kind",
      "ri.group_id",
      "ri.post_id",
      "ri.thread_id",
      "ri.subject_user_id",
      "ri.target_key",
      "ri.is_crisis",
      "ri.report_count",
      "ri.opened_at",
      "g.name as group_name",
      "g.slug as group_slug",
      "t.title as thread_title",
      "p.body_source as post_source",
      "p.status as post_status",
      "p.hidden_at as post_hidden_at",
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
    ? await db
        .selectFrom("reports")
        .select(["item_id", "reason"])
        .where(
          "item_id",
          "in",
          items.map((i) => i.id),
        )
        .execute()
    : [];
  const byItem = new Map<number, string[]>();
  for (const r of reasons) {
    const list = byItem.get(r.item_id) ?? [];
    if (!list.includes(r.reason)) list.push(r.reason);
    byItem.set(r.item_id, list);
  }
  return { items: items.map((item) => ({ ...item, reasons: byItem.get(item.id) ?? [] })), hasMore: rows.length > QUEUE_PAGE_SIZE, page };
}

/** Where a queue item is reviewed. */
export function reviewHref(item: {
  kind: string;
  post_id: number | null;
  thread_id: number | null;
  subject_user_id: string | null;
  group_id: number | null;
  target_key: string;
}): string {
  const id =
    item.kind === "post" ? item.post_id : item.kind === "thread" ? item.thread_id : item.kind === "message" ? item.target_key.slice("message:".length) : item.subject_user_id;
  return `/moderation/review/${item.kind}/${id}${item.kind === "member" && item.group_id ? `?group=${item.group_id}` : ""}`;
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
  let thread:
    | {
        id: number;
        title: string;
        is_pinned: number;
        is_locked: number;
        slow_mode_minutes: number;
        hidden_at: string | null;
        hidden_reason: string | null;
        status: string;
        post_count: number;
      }
    | undefined;
  let posts: {
    id: number;
    position: number | null;
    author_name: string | null;
    body_html: string;
    created_at: string;
    status: string;
    hidden_at: string | null;
    hidden_reason: string | null;
    deleted_at: string | null;
    focus: boolean;
  }[] = [];
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
      .select([
        "posts.id",
        "posts.position",
        "users.display_name as author_name",
        "posts.body_html",
        "posts.created_at",
        "posts.status",
        "posts.hidden_at",
        "posts.hidden_reason",
        "posts.deleted_at",
      ])
      .where("posts.thread_id", "=", resolved.threadId)
      .where((eb) =>
        eb.or([eb.and([eb("posts.position", ">=", center - 2), eb("posts.position", "<=", center + 2)]), ...(resolved.postId ? [eb("posts.id", "=", resolved.postId)] : [])]),
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
