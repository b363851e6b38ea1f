/**
 * The one entry point other areas call to tell a member something ("a reply to your thread",
 * "a moderator's warning", "your milestone"). The notifications issue owns this file: it stores the
 * notification, applies the member's preferences and queues e-mail. Callers pass what happened and
 * where; they never build messages or decide about e-mail themselves.
 *
 * Call it inside the caller's transaction (pass the transaction as `db`) so a notification exists
 * exactly when the thing it announces does.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Delivery } from "../../db/schema/notifications";
import { now as clockNow } from "../utils/clock.server";
import { isDelivery, NOTIFICATION_TYPES } from "../utils/notification-types";
import { formatDateTime } from "../utils/time";
import { blockedBetweenSql, mayReadGroup } from "../policy";
import { sql } from "kysely";
import { genericSubject, getPublicMailDetail, notificationMail, type NotificationMailInput } from "./mail/compose.server";
import { enqueueMail } from "./mail/outbox.server";
import { queuePush } from "./push/outbox.server";
import { getSiteConfig } from "./site-config.server";

export type NotificationType =
  | "reply" // a reply in a thread you started or posted in
  | "quote" // a post of yours quoted
  | "mention" // your display name @mentioned
  | "reaction" // reactions on your post (collapsed per post)
  | "join_request_decision" // your request to join a private group was approved or declined
  | "moderator_warning" // a moderator warned you privately (data.reason)
  | "report_outcome" // the report you made was handled (data.outcome, in general terms)
  | "post_approved" // a post of yours held for approval was published
  | "post_hidden" // a post of yours was hidden by a moderator (data.reason)
  | "sanction" // you were muted / banned in a group or suspended (data.kind, data.until, data.reason)
  | "meeting_reminder" // a meeting you RSVP'd to starts soon (meetingId, data.startsAt)
  | "meeting_change" // a meeting you RSVP'd to was cancelled or moved (meetingId, data)
  | "milestone" // you reached a milestone (private: data.label, data.trackerId)
  | "circle_invite" // a member invited you into their support circle (actor: the member)
  | "circle_update" // your support circle changed (data.change: accepted, left, ended; actor: who did it)
  | "circle_encouragement" // someone in your circle sent encouragement (actor: the sender)
  | "circle_reach_out" // a member you support would like to hear from you: urgent (actor: the member, data.reachOutId)
  | "circle_check_on" // a member asked to be checked on and one of their rules fired (actor: the member, data.kind)
  | "message"; // a private message in a conversation you're in (data.conversationId; collapsed per conversation)

export interface NotifyInput {
  /** Who receives it. */
  userId: string;
  type: NotificationType;
  /** Who caused it, if a member did (never shown for moderator actions). */
  actorId?: string | null;
  groupId?: number | null;
  threadId?: number | null;
  postId?: number | null;
  meetingId?: number | null;
  /** Small JSON-serialisable details the message needs (reason, outcome, label …). */
  data?: Record<string, string | number | boolean | null>;
}

/** What notify() did: stored a new notification, added to an unread one, or nothing (preferences, access). */
export type NotifyOutcome = "created" | "collapsed" | "skipped";

/** Unread notifications with the same key become one ("3 new replies", "Sam and 2 others reacted"). */
function collapseKey(input: NotifyInput): string | null {
  if (input.type === "reaction" && input.postId) return `reaction:${input.postId}`;
  if (input.type === "reply" && input.threadId) return `reply:${input.threadId}`;
  if (input.type === "message" && typeof input.data?.conversationId === "number") return `message:${input.data.conversationId}`;
  return null;
}

/**
 * Stores the notification (or counts it into an unread one of the same kind), applies the member's
 * preference, and queues its e-mail in the same transaction. Nothing is stored when the member may
 * not read the group the notification is about, when they caused it themselves, or when they
 * turned this kind off.
 */
export async function notify(db: Kysely<Database>, input: NotifyInput): Promise<void> {
  await notifyWithOutcome(db, input);
}

export async function notifyWithOutcome(db: Kysely<Database>, input: NotifyInput, now = clockNow()): Promise<NotifyOutcome> {
  const info = NOTIFICATION_TYPES[input.type];
  if (!info || (input.actorId && input.actorId === input.userId)) return "skipped";
  const groupId = input.groupId ?? null;
  const recipient = await db
    .selectFrom("users as u")
    .leftJoin("notification_preferences as np", (join) => join.onRef("np.user_id", "=", "u.id").on("np.type", "=", input.type))
    .leftJoin("groups as g", (join) => join.on("g.id", "=", groupId ?? -1))
    .leftJoin("group_members as gm", (join) => join.onRef("gm.user_id", "=", "u.id").on("gm.group_id", "=", groupId ?? -1))
    .leftJoin("users as actor", (join) => join.on("actor.id", "=", input.actorId ?? ""))
    .select(["u.id", "u.email", "u.role", "u.display_name", "np.delivery", "g.visibility", "g.name as group_name", "gm.role as member_role", "actor.display_name as actor_name"])
    // Nothing reaches a member from someone either of them blocked (mentions, replies, reactions, messages).
    .select(sql<number>`case when ${blockedBetweenSql(input.userId, "actor.id")} then 1 else 0 end`.as("blocked"))
    .where("u.id", "=", input.userId)
    .executeTakeFirst();
  if (!recipient || Number(recipient.blocked) === 1) return "skipped";
  if (info.boardContent && groupId !== null) {
    if (!recipient.visibility || !mayReadGroup(recipient, recipient.visibility, recipient.member_role != null)) return "skipped";
  }
  let delivery: Delivery = recipient.delivery && isDelivery(recipient.delivery) ? recipient.delivery : info.defaultDelivery;
  if (delivery === "off" && !info.canTurnOff) delivery = "in_app";
  if (delivery === "off") return "skipped";

  const iso = now.toISOString();
  const key = collapseKey(input);
  const stored = await db
    .insertInto("notifications")
    .values({
      user_id: input.userId,
      type: input.type,
      actor_id: input.actorId ?? null,
      group_id: groupId,
      thread_id: input.threadId ?? null,
      post_id: input.postId ?? null,
      meeting_id: input.meetingId ?? null,
      data: JSON.stringify(input.data ?? {}),
      collapse_key: key,
      created_at: iso,
      updated_at: iso,
      read_at: null,
      email_state: delivery === "email" ? "queued" : delivery === "digest" ? "digest" : null,
    })
    .onConflict((oc) =>
      oc
        .columns(["user_id", "collapse_key"])
        .where((eb) => eb.and([eb("read_at", "is", null), eb("collapse_key", "is not", null)]))
        .doUpdateSet((eb) => ({ count: eb("notifications.count", "+", 1), actor_id: eb.ref("excluded.actor_id"), updated_at: eb.ref("excluded.updated_at") })),
    )
    .returning(["id", "count"])
    .executeTakeFirstOrThrow();
  // A collapsed event adds to what the member already has (and was already e-mailed about).
  if (stored.count > 1) return "collapsed";
  // Devices with push on hear of what comes right away (not the daily digest's kinds): in general words only.
  if (delivery === "in_app" || delivery === "email") {
    const { siteName } = await getSiteConfig(db);
    await queuePush(
      db,
      input.userId,
      `notification:${stored.id}`,
      { title: siteName, body: genericSubject(input.type, siteName, recipient.actor_name), url: `/notifications/${stored.id}`, tag: `notification-${stored.id}` },
      now,
    );
  }
  if (delivery === "email") {
    let publicDetail: NotificationMailInput["publicDetail"] = null;
    if (info.boardContent && recipient.visibility === "public" && (await getPublicMailDetail(db))) {
      const detail = await db
        .selectFrom("groups")
        .leftJoin("threads", (join) => join.on("threads.id", "=", input.threadId ?? -1))
        .leftJoin("users as actor", (join) => join.on("actor.id", "=", input.actorId ?? ""))
        .select(["groups.name", "threads.title", "actor.display_name"])
        .where("groups.id", "=", groupId ?? -1)
        .executeTakeFirst();
      if (detail) publicDetail = { groupName: detail.name, threadTitle: detail.title, actorName: detail.display_name };
    }
    const extra = input.type === "meeting_reminder" || input.type === "meeting_change" ? await meetingLine(db, input) : null;
    const mail = await notificationMail(db, {
      notificationId: stored.id,
      userId: input.userId,
      displayName: recipient.display_name,
      type: input.type,
      publicDetail,
      extra,
      actorName: recipient.actor_name,
    });
    await enqueueMail(
      db,
      { idempotencyKey: `notification:${stored.id}`, userId: input.userId, to: recipient.email, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers },
      now,
    );
  }
  return "created";
}

/** "It starts Tuesday, 3 March at 7:00 PM (your time)." — the time only, in the member's zone. */
async function meetingLine(db: Kysely<Database>, input: NotifyInput): Promise<string | null> {
  const startsAt = input.data?.startsAt;
  if (typeof startsAt !== "string" || Number.isNaN(Date.parse(startsAt))) return null;
  const user = await db.selectFrom("users").select("time_zone").where("id", "=", input.userId).executeTakeFirst();
  const when = formatDateTime(startsAt, user?.time_zone ?? "UTC");
  return input.type === "meeting_reminder" ? `It starts ${when} (your time).` : `It was due to start ${when} (your time).`;
}
