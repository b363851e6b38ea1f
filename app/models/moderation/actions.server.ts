/**
 * What a moderator does about a post, thread or member: one table of actions, each with who may
 * take it (its permission), what it changes and whom it tells (its effect), the audit entry it
 * leaves, and what the reporters learn. `moderate()` runs one in a transaction: the scope check,
 * the action, its audit entry and the resolution of the open review item commit together or not
 * at all.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { uncountThread } from "../groups.server";
import { inTransaction } from "../../../db/client";
import { now as clockNow } from "../../utils/clock.server";
import { notifyNewPost } from "../board-notifications.server";
import { notify } from "../notify.server";
import { indexPost, unindexPost } from "../search.server";
import { recordAudit, type AuditEntry } from "./audit.server";
import { ModerationError } from "./error.server";
import { AUTO_HIDE_REASON, resolveTarget, type ReportTarget, type ResolvedTarget } from "./queue.server";
import { applySanction } from "./sanctions.server";
import { canModerate, moderatorScope, type ModeratorScope } from "./scope.server";

export const CONTENT_ACTIONS = ["dismiss", "hide", "unhide", "delete", "approve", "reject"] as const;
export const MEMBER_ACTIONS = ["warn", "mute", "ban", "suspend"] as const;
export type ModerationAction = (typeof CONTENT_ACTIONS)[number] | (typeof MEMBER_ACTIONS)[number];

export interface ActionInput {
  action: ModerationAction;
  reason: string;
  /** Mutes, bans and suspensions: hours, or null for "until lifted". */
  hours?: number | null;
}

interface ActionContext {
  tx: Kysely<Database>;
  actor: { id: string; role: string };
  scope: ModeratorScope;
  target: ResolvedTarget;
  /** The open review item about the target, if reports or flags are waiting. */
  open: { id: number } | undefined;
  input: ActionInput;
  now: Date;
}

/** The audit entry an effect leaves: its action and states, over the fields every entry has (actor, target, reason). */
type AuditRecord = Pick<AuditEntry, "action" | "before" | "after"> & Partial<AuditEntry>;

interface ActionSpec {
  /** Who may take it, and on what: throws the 4xx the moderator sees. The group scope is checked before. */
  permit(ctx: ActionContext): void | Promise<void>;
  /** What it changes and whom it tells. Returns its audit entry, or null when the effect records its own. */
  effect(ctx: ActionContext): Promise<AuditRecord | null>;
  /** What each reporter learns when the open item is resolved, in general terms (never who or how); null: they are not told. */
  outcome: "action_taken" | "no_action" | null;
  /** What the moderator reads afterwards. */
  message(ctx: ActionContext): string;
}

/** The member concerned, who must still exist; nobody acts on themselves, and admins are only warned. */
function permitMemberAction(ctx: ActionContext): string {
  const subjectId = ctx.target.subjectUserId;
  if (!subjectId) throw new ModerationError("This member's account no longer exists.", 404);
  if (subjectId === ctx.actor.id) throw new ModerationError("You can't take this action on yourself.", 400);
  return subjectId;
}

async function refuseAdminSubject(ctx: ActionContext) {
  const subject = await ctx.tx.selectFrom("users").select("role").where("id", "=", permitMemberAction(ctx)).executeTakeFirst();
  if (subject?.role === "admin") throw new ModerationError("Site admins can't be muted, banned or suspended here. Change their role first.", 409);
}

function notifyAuthor(ctx: ActionContext, data: { reason: string; deleted?: true }) {
  const { target } = ctx;
  if (!target.subjectUserId) return;
  return notify(ctx.tx, { userId: target.subjectUserId, type: "post_hidden", groupId: target.groupId, threadId: target.threadId, postId: target.postId, data });
}

async function setHidden(ctx: ActionContext, hide: boolean): Promise<AuditRecord> {
  const { tx, target, input, now, open } = ctx;
  const action = hide ? "hide" : "unhide";
  const values = hide ? { hidden_at: now.toISOString(), hidden_reason: input.reason } : { hidden_at: null, hidden_reason: null };
  let record: AuditRecord;
  if (target.kind === "post") {
    const postId = target.postId!;
    const post = await tx.selectFrom("posts").select(["hidden_at", "hidden_reason"]).where("id", "=", postId).executeTakeFirstOrThrow();
    if (hide && post.hidden_at && post.hidden_reason !== AUTO_HIDE_REASON && !open) throw new ModerationError("This post is already hidden.", 409);
    if (!hide && !post.hidden_at) throw new ModerationError("This post isn't hidden.", 409);
    await tx.updateTable("posts").set(values).where("id", "=", postId).execute();
    if (hide) await unindexPost(tx, postId);
    else await reindex(tx, postId);
    record = { action: `post.${action}`, before: { hidden: !!post.hidden_at, reason: post.hidden_reason }, after: { hidden: hide, reason: hide ? input.reason : null } };
  } else {
    const threadId = target.threadId!;
    const thread = await tx.selectFrom("threads").select(["hidden_at"]).where("id", "=", threadId).executeTakeFirstOrThrow();
    if (hide === !!thread.hidden_at) throw new ModerationError(hide ? "This thread is already hidden." : "This thread isn't hidden.", 409);
    await tx.updateTable("threads").set(values).where("id", "=", threadId).execute();
    record = { action: `thread.${action}`, before: { hidden: !!thread.hidden_at }, after: { hidden: hide, reason: hide ? input.reason : null } };
  }
  if (hide) await notifyAuthor(ctx, { reason: input.reason });
  return record;
}

async function remove(ctx: ActionContext, reject: boolean): Promise<AuditRecord> {
  const { tx, target, now } = ctx;
  let record: AuditRecord;
  if (target.kind === "post") {
    const postId = target.postId!;
    const post = await tx.selectFrom("posts").select(["body_source", "status", "position"]).where("id", "=", postId).executeTakeFirstOrThrow();
    if (reject && post.status !== "pending") throw new ModerationError("This post is already published; hide or delete it instead.", 409);
    await tx
      .updateTable("posts")
      .set({ deleted_at: now.toISOString(), deleted_by: "moderator", body_source: "", body_html: "", hidden_at: null, hidden_reason: null })
      .where("id", "=", postId)
      .execute();
    await tx.deleteFrom("post_reactions").where("post_id", "=", postId).execute();
    await unindexPost(tx, postId);
    // A held opening post takes its (unpublished) thread with it.
    if (post.status === "pending" && post.position === null) {
      await tx.updateTable("threads").set({ deleted_at: now.toISOString() }).where("id", "=", target.threadId!).where("status", "=", "pending").execute();
    }
    // The words go; the audit log keeps them for accountability (moderators and admins only).
    record = { action: reject ? "post.reject" : "post.delete", before: { body: post.body_source.slice(0, 4000), status: post.status }, after: { deleted: true } };
  } else {
    const thread = await tx.selectFrom("threads").select(["title", "group_id"]).where("id", "=", target.threadId!).executeTakeFirstOrThrow();
    await tx.updateTable("threads").set({ deleted_at: now.toISOString() }).where("id", "=", target.threadId!).execute();
    await uncountThread(tx, thread.group_id);
    record = { action: "post.delete", before: { thread: thread.title }, after: { deleted: true } };
  }
  await notifyAuthor(ctx, { reason: ctx.input.reason, deleted: true });
  return record;
}

/** A mute, ban or suspension; its audit entry names the member, not the post it came from. */
async function sanction(ctx: ActionContext, kind: "mute" | "ban" | "suspend"): Promise<AuditRecord> {
  const { target, input } = ctx;
  const applied = await applySanction(
    ctx.tx,
    ctx.actor.id,
    { userId: target.subjectUserId!, groupId: target.groupId, kind, reason: input.reason, hours: input.hours ?? null },
    ctx.now,
  );
  return { action: `member.${kind}`, postId: null, threadId: null, before: {}, after: { sanctionId: applied.sanctionId, kind, endsAt: applied.endsAt } };
}

const notMember = (message: string) => (ctx: ActionContext) => {
  if (ctx.target.kind === "member") throw new ModerationError(message, 400);
  if (ctx.target.kind === "message") throw new ModerationError("A private message can only be removed (delete), or its author warned or suspended.", 400);
};

/** A reported private message: its words go from the conversation ("message removed by a moderator"); the audit log keeps no copy (moderators saw only the excerpt). */
async function removeMessage(ctx: ActionContext): Promise<AuditRecord> {
  const id = Number(ctx.target.key.slice("message:".length));
  await ctx.tx.updateTable("messages").set({ body_enc: "", removed_at: ctx.now.toISOString(), client_token: null }).where("id", "=", id).execute();
  return { action: "message.delete", before: {}, after: { removed: true } };
}

const permitGroupSanction = async (ctx: ActionContext) => {
  await refuseAdminSubject(ctx);
  if (ctx.target.groupId === null) throw new ModerationError("Mutes and bans are per group; this report is not in a group.", 400);
};

export const MODERATION_ACTIONS: Record<ModerationAction, ActionSpec> = {
  dismiss: {
    permit: (ctx) => {
      if (!ctx.open) throw new ModerationError("There are no open reports on this any more: another moderator may have handled them.", 409);
    },
    // Dismissing restores a post that reports had hidden pending review.
    effect: async ({ tx, target }) => {
      if (target.postId) {
        const restored = await tx
          .updateTable("posts")
          .set({ hidden_at: null, hidden_reason: null })
          .where("id", "=", target.postId)
          .where("hidden_reason", "=", AUTO_HIDE_REASON)
          .executeTakeFirst();
        if (Number(restored.numUpdatedRows) > 0) await reindex(tx, target.postId);
      }
      return { action: "report.dismiss", before: { status: "open" }, after: { status: "resolved" } };
    },
    outcome: "no_action",
    message: () => "Reports dismissed. The reporters have been told they were reviewed.",
  },
  hide: {
    permit: notMember("Members can't be hidden; choose another action."),
    effect: (ctx) => setHidden(ctx, true),
    outcome: "action_taken",
    message: () => "Hidden. The member sees your reason in its place.",
  },
  unhide: {
    permit: notMember("Members can't be hidden; choose another action."),
    effect: (ctx) => setHidden(ctx, false),
    outcome: "no_action",
    message: () => "Visible again.",
  },
  delete: {
    permit: (ctx) => {
      if (ctx.target.kind === "member") throw new ModerationError("Choose suspend (admins) to act on an account.", 400);
    },
    effect: (ctx) => (ctx.target.kind === "message" ? removeMessage(ctx) : remove(ctx, false)),
    outcome: "action_taken",
    message: () => "Deleted. The audit log keeps a copy for accountability.",
  },
  reject: {
    permit: notMember("Choose suspend (admins) to act on an account."),
    effect: (ctx) => remove(ctx, true),
    outcome: "action_taken",
    message: () => "Rejected. The member has been told why.",
  },
  approve: {
    permit: (ctx) => {
      if (ctx.target.kind !== "post") throw new ModerationError("Only posts wait for approval.", 400);
    },
    // approvePost records its own entry (it is also how held posts are approved from a group's page).
    effect: async (ctx) => {
      await approvePost(ctx.tx, ctx.actor.id, ctx.target.postId!, ctx.now);
      return null;
    },
    // The author hears it was published; reporters of a held post (Harbor's own flag) are not told.
    outcome: null,
    message: () => "Approved and published with its original time.",
  },
  warn: {
    permit: (ctx) => {
      permitMemberAction(ctx);
    },
    effect: async ({ tx, target, input }) => {
      await notify(tx, {
        userId: target.subjectUserId!,
        type: "moderator_warning",
        groupId: target.groupId,
        threadId: target.threadId,
        postId: target.postId,
        data: { reason: input.reason },
      });
      return { action: "member.warn", after: { warned: true } };
    },
    outcome: "action_taken",
    message: () => "Warning sent privately. The member sees your reason.",
  },
  mute: {
    permit: permitGroupSanction,
    effect: (ctx) => sanction(ctx, "mute"),
    outcome: "action_taken",
    message: () => "Muted. The member sees your reason.",
  },
  ban: {
    permit: permitGroupSanction,
    effect: (ctx) => sanction(ctx, "ban"),
    outcome: "action_taken",
    message: () => "Banned from posting in the group. The member sees your reason.",
  },
  suspend: {
    permit: async (ctx) => {
      await refuseAdminSubject(ctx);
      if (!ctx.scope.all) throw new ModerationError("Only site admins can suspend an account.", 403);
    },
    effect: (ctx) => sanction(ctx, "suspend"),
    outcome: "action_taken",
    message: () => "Suspended; their sessions have ended. The member sees your reason.",
  },
};

/**
 * A moderator acts on a post, thread or member. The caller has checked the actor may see this
 * page; the scope check here is the one that counts (404 outside it, as if the target were not
 * there). Whatever the action, an open review item about the target is resolved with it.
 */
export async function moderate(
  db: Kysely<Database>,
  actor: { id: string; role: string },
  target: ReportTarget & { groupContext?: number | null },
  input: ActionInput,
  now = clockNow(),
): Promise<{ message: string }> {
  const spec = MODERATION_ACTIONS[input.action];
  if (!spec) throw new ModerationError("Choose an action.", 400);
  return inTransaction(db, async (tx) => {
    const scope = await moderatorScope(tx, actor);
    const resolved = await resolveTarget(tx, target, target.groupContext ?? null);
    if (!canModerate(scope, resolved.groupId)) throw new ModerationError("Not found", 404);
    const open = await tx.selectFrom("review_items").select("id").where("target_key", "=", resolved.key).where("status", "=", "open").executeTakeFirst();
    const ctx: ActionContext = { tx, actor, scope, target: resolved, open, input, now };
    await spec.permit(ctx);
    const record = await spec.effect(ctx);
    if (record) {
      const { groupId, subjectUserId, postId, threadId } = resolved;
      await recordAudit(tx, { actorId: actor.id, groupId, subjectUserId, postId, threadId, itemId: open?.id ?? null, reason: input.reason, ...record }, now);
    }
    if (open) await resolveOpenItem(tx, open.id, actor.id, input.action, now, spec.outcome);
    return { message: spec.message(ctx) };
  });
}

async function resolveOpenItem(tx: Kysely<Database>, itemId: number, actorId: string, action: ModerationAction, now: Date, outcome: ActionSpec["outcome"]) {
  const done = await tx
    .updateTable("review_items")
    .set({ status: "resolved", resolved_at: now.toISOString(), resolved_by: actorId, resolution: action })
    .where("id", "=", itemId)
    .where("status", "=", "open")
    .returning(["id", "group_id", "thread_id", "post_id"])
    .executeTakeFirst();
  if (!done) return;
  await tx.updateTable("review_items").set({ first_action_at: now.toISOString() }).where("id", "=", itemId).where("first_action_at", "is", null).execute();
  if (!outcome) return;
  const reporters = await tx.selectFrom("reports").select("reporter_id").where("item_id", "=", itemId).where("reporter_id", "is not", null).execute();
  for (const r of reporters) {
    if (r.reporter_id === null || r.reporter_id === actorId) continue;
    await notify(tx, { userId: r.reporter_id, type: "report_outcome", groupId: done.group_id, threadId: done.thread_id, postId: done.post_id, data: { outcome } });
  }
}

/** Puts a post back in the search index if it is published and not deleted. */
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
    await tx
      .updateTable("groups")
      .set((eb) => ({ thread_count: eb("thread_count", "+", 1), last_activity_at: now.toISOString() }))
      .where("id", "=", post.group_id)
      .execute();
  } else {
    const bumped = await tx
      .updateTable("threads")
      .set((eb) => ({ post_count: eb("post_count", "+", 1), last_post_at: lastPostAt }))
      .where("id", "=", post.thread_id)
      .returning("post_count")
      .executeTakeFirstOrThrow();
    await tx
      .updateTable("posts")
      .set({ status: "published", position: bumped.post_count - 1 })
      .where("id", "=", postId)
      .execute();
  }
  await reindex(tx, postId);
  if (post.author_id) await notify(tx, { userId: post.author_id, type: "post_approved", groupId: post.group_id, threadId: post.thread_id, postId });
  await notifyNewPost(tx, postId);
  await recordAudit(
    tx,
    {
      actorId,
      action: "post.approve",
      groupId: post.group_id,
      subjectUserId: post.author_id,
      postId,
      threadId: post.thread_id,
      before: { status: "pending" },
      after: { status: "published" },
    },
    now,
  );
}
