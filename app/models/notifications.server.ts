/**
 * A member's notifications: the paged list, reading them, the header's unread count, the digest's
 * counts and the data export (their settings: notification-settings.server.ts). Notifications about board content (replies, quotes, mentions, reactions, approved
 * posts) are shown only while the member can still read it: after leaving a private group, or once
 * the thread or post is gone, they disappear from the list and the count.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { now as clockNow } from "../utils/clock.server";
import { BOARD_CONTENT_TYPES, NOTIFICATION_TYPES } from "../utils/notification-types";
import { formatDateTime } from "../utils/time";
import { blockedBetweenSql, groupReadableSql } from "../policy";
import type { NotificationType } from "./notify.server";
import { postHref } from "./threads.server";
import { getPreferences, getReminderMinutes } from "./notification-settings.server";

export const NOTIFICATIONS_PER_PAGE = 20;
/** The header shows "99+" beyond this; counting stops there. */
export const UNREAD_COUNT_CAP = 99;
/** Ids are 32-bit on PostgreSQL: anything larger names no notification. */
export const MAX_ID = 2_147_483_647;

/** Kinds that point at a member's circle page: shown only while the member still shares with the reader. */
const CIRCLE_LINK_TYPES: NotificationType[] = ["circle_reach_out", "circle_check_on"];

/** The member's notifications joined with what they point at, limited to those they may still see. */
function visibleTo(db: Kysely<Database>, userId: string) {
  return (
    db
      .selectFrom("notifications as n")
      .leftJoin("groups as g", "g.id", "n.group_id")
      .leftJoin("group_members as gm", (join) => join.onRef("gm.group_id", "=", "n.group_id").on("gm.user_id", "=", userId))
      .leftJoin("threads as t", "t.id", "n.thread_id")
      .leftJoin("posts as p", "p.id", "n.post_id")
      .where("n.user_id", "=", userId)
      // A member's reach-outs and "check on me" signals go from the bell once they stop sharing with this person.
      .where((eb) =>
        eb.or([
          eb("n.type", "not in", CIRCLE_LINK_TYPES),
          eb.exists(eb.selectFrom("circle_members as cm").select("cm.id").whereRef("cm.user_id", "=", "n.actor_id").where("cm.person_id", "=", userId)),
        ]),
      )
      // A notification caused by someone either of them has since blocked goes from the list and the count.
      .where((eb) => eb.or([eb("n.actor_id", "is", null), eb.not(blockedBetweenSql(userId, "n.actor_id"))]))
      .where((eb) =>
        eb.or([
          eb("n.type", "not in", BOARD_CONTENT_TYPES),
          eb.and([
            eb.or([eb("n.group_id", "is", null), groupReadableSql({ id: userId }, { id: "n.group_id", visibility: "g.visibility", member: "gm.user_id" })]),
            // Gone or hidden by a moderator: the notification goes too.
            eb.or([eb("n.thread_id", "is", null), eb.and([eb("t.deleted_at", "is", null), eb("t.hidden_at", "is", null)])]),
            // A notification goes with the post it is about. A reply notification points at the first
            // of its new replies: while it tells of that one reply only, it goes with it too.
            eb.or([
              eb("n.post_id", "is", null),
              eb.and([eb("n.type", "=", "reply"), eb("n.count", ">", 1)]),
              eb.and([eb("p.deleted_at", "is", null), eb("p.hidden_at", "is", null)]),
            ]),
          ]),
        ]),
      )
  );
}

/** Unread notifications the member can see, counted up to UNREAD_COUNT_CAP + 1. One indexed query. */
/** The member's unread notifications they may still see, counted up to UNREAD_COUNT_CAP + 1 (one row, column `n`). */
export function unreadCountQuery(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom(
      visibleTo(db, userId)
        .select("n.id")
        .where("n.read_at", "is", null)
        .limit(UNREAD_COUNT_CAP + 1)
        .as("unread"),
    )
    .select((eb) => eb.fn.countAll<number>().as("n"));
}

export async function unreadCount(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await unreadCountQuery(db, userId).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export interface NotificationItem {
  id: number;
  type: NotificationType;
  text: string;
  detail: string | null;
  href: string;
  unread: boolean;
  when: string;
  updatedAt: string;
}

export interface NotificationCursor {
  updatedAt: string;
  id: number;
}

function parseData(raw: string): Record<string, string | number | boolean | null> {
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === "object" ? (value as Record<string, string | number | boolean | null>) : {};
  } catch {
    return {};
  }
}

interface Row {
  id: number;
  type: string;
  count: number;
  data: string;
  read_at: string | null;
  updated_at: string;
  thread_id: number | null;
  post_id: number | null;
  meeting_id: number | null;
  actor_name: string | null;
  group_name: string | null;
  group_slug: string | null;
  thread_title: string | null;
  post_position: number | null;
  reactors?: number | null;
}

function threadHref(row: Row): string | null {
  if (!row.group_slug || !row.thread_id) return null;
  return postHref(row.group_slug, row.thread_id, row.post_position);
}

const SANCTIONS: Record<string, string> = { mute: "muted", ban: "banned", suspend: "suspended" };

/** The sentence a member reads for one notification, and where it leads. */
export function describe(row: Row, timeZone: string): { text: string; detail: string | null; href: string } {
  const data = parseData(row.data);
  const who = row.actor_name ?? "A member";
  const title = row.thread_title ? `“${row.thread_title}”` : "a thread";
  const inGroup = row.group_name ? ` in ${row.group_name}` : "";
  const str = (key: string) => (typeof data[key] === "string" && data[key] ? String(data[key]) : null);
  const thread = threadHref(row);
  const groupHref = row.group_slug ? `/groups/${row.group_slug}` : "/notifications";
  const others = Math.max(0, (row.reactors == null ? row.count : Number(row.reactors)) - 1);
  switch (row.type as NotificationType) {
    case "reply":
      return { text: row.count > 1 ? `${row.count} new replies to ${title}${inGroup}` : `${who} replied to ${title}${inGroup}`, detail: null, href: thread ?? groupHref };
    case "quote":
      return { text: `${who} quoted your post in ${title}${inGroup}`, detail: null, href: thread ?? groupHref };
    case "mention":
      return { text: `${who} mentioned you in ${title}${inGroup}`, detail: null, href: thread ?? groupHref };
    case "reaction":
      return {
        text: others > 0 ? `${who} and ${others} other${others === 1 ? "" : "s"} reacted to your post in ${title}` : `${who} reacted to your post in ${title}`,
        detail: null,
        href: thread ?? groupHref,
      };
    case "join_request_decision": {
      const approved = data.approved === true;
      const group = row.group_name ?? "a group";
      return {
        text: approved ? `Your request to join ${group} was approved. Welcome!` : `Your request to join ${group} was declined.`,
        detail: str("message"),
        href: approved ? groupHref : "/groups",
      };
    }
    case "moderator_warning":
      return { text: `A moderator sent you a warning${inGroup}.`, detail: str("reason"), href: "/notifications" };
    case "report_outcome": {
      const outcome = str("outcome");
      const said =
        outcome === "action_taken" ? "A moderator reviewed it and took action." : outcome === "no_action" ? "A moderator reviewed it and decided no action was needed." : outcome;
      return { text: "A report you made has been reviewed. Thank you for looking out for others.", detail: said, href: "/notifications" };
    }
    case "post_approved":
      return { text: `Your post in ${title} was approved and is now published.`, detail: null, href: thread ?? groupHref };
    case "post_hidden":
      return { text: `A moderator ${data.deleted === true ? "removed" : "hid"} your post in ${title}${inGroup}.`, detail: str("reason"), href: thread ?? "/notifications" };
    case "sanction": {
      const kind = str("kind");
      const until = str("until");
      const where = kind === "suspend" ? "" : inGroup;
      if (data.lifted === true) {
        return {
          text: kind === "suspend" ? "Your account's suspension was lifted. Welcome back." : `A restriction on you${where} was lifted.`,
          detail: str("reason"),
          href: kind !== "suspend" && row.group_slug ? groupHref : "/notifications",
        };
      }
      const state = (kind && SANCTIONS[kind]) ?? "restricted";
      return {
        text: `You were ${state}${where}${until && !Number.isNaN(Date.parse(until)) ? ` until ${formatDateTime(until, timeZone)}` : ""}.`,
        detail: str("reason"),
        href: "/notifications",
      };
    }
    case "meeting_reminder": {
      const starts = str("startsAt");
      const name = str("name") ?? "A meeting you're going to";
      return {
        text: `Reminder: ${name} starts ${starts && !Number.isNaN(Date.parse(starts)) ? formatDateTime(starts, timeZone) : "soon"} (your time).`,
        detail: null,
        href: str("slug") ? `/meetings/${str("slug")}` : "/meetings",
      };
    }
    case "meeting_change": {
      const name = str("name") ?? "A meeting you're going to";
      const change = str("change");
      const starts = str("startsAt");
      const on = starts && !Number.isNaN(Date.parse(starts)) ? ` on ${formatDateTime(starts, timeZone)}` : "";
      const text =
        change === "cancelled"
          ? `${name}${on} is cancelled.`
          : change === "deleted"
            ? `${name} no longer takes place.`
            : change === "moved"
              ? `${name} has a new time.`
              : change === "location_closed"
                ? `${name}'s place changed.`
                : `${name} has changed.`;
      return { text, detail: str("reason") ?? str("message"), href: change !== "deleted" && str("slug") ? `/meetings/${str("slug")}` : "/meetings" };
    }
    case "milestone":
      return {
        text: `You reached a milestone${str("label") ? `: ${str("label")}` : ""}. That's worth celebrating.`,
        detail: null,
        href: typeof data.trackerId === "number" ? `/recovery/trackers/${data.trackerId}` : "/recovery",
      };
    case "circle_invite":
      return { text: `${who} invited you into their support circle.`, detail: null, href: "/circle#invitations" };
    case "circle_update": {
      const change = str("change");
      const text =
        change === "accepted"
          ? `${who} accepted your invitation and is now in your support circle.`
          : change === "left"
            ? `${who} left your support circle.`
            : change === "declined"
              ? `${who} declined your invitation to your support circle.`
              : `${who} stopped sharing with you.`;
      return { text, detail: null, href: "/circle" };
    }
    case "circle_encouragement":
      return { text: `${who} sent you encouragement.`, detail: null, href: "/circle#encouragement" };
    case "circle_reach_out":
      return { text: `Urgent: ${who} would like to hear from you.`, detail: null, href: str("memberId") ? `/circle/members/${str("memberId")}#reach-outs` : "/circle" };
    case "circle_check_on": {
      const kind = str("kind");
      const why =
        kind === "silence"
          ? "hasn't checked in for a while"
          : kind === "cravings"
            ? "had strong cravings today"
            : kind === "mood"
              ? "is having a low day"
              : "asked to be checked on";
      return { text: `${who} ${why}: they asked you to check on them.`, detail: null, href: str("memberId") ? `/circle/members/${str("memberId")}` : "/circle" };
    }
    case "message": {
      const conversationId = typeof data.conversationId === "number" ? data.conversationId : null;
      return {
        text: row.count > 1 ? `${row.count} new private messages, the latest from ${who}` : `${who} sent you a private message`,
        detail: null,
        href: conversationId ? `/messages/${conversationId}` : "/messages",
      };
    }
    default:
      return { text: "You have a notification.", detail: null, href: "/notifications" };
  }
}

function listQuery(db: Kysely<Database>, userId: string) {
  return visibleTo(db, userId)
    .leftJoin("users as actor", "actor.id", "n.actor_id")
    .select([
      "n.id",
      "n.type",
      "n.count",
      "n.data",
      "n.read_at",
      "n.updated_at",
      "n.thread_id",
      "n.post_id",
      "n.meeting_id",
      "actor.display_name as actor_name",
      "g.name as group_name",
      "g.slug as group_slug",
      "t.title as thread_title",
      "p.position as post_position",
      // Reactions: how many people reacted (a member who toggles a reaction counts once).
      (eb) =>
        eb
          .case()
          .when("n.type", "=", "reaction")
          .then(
            eb
              .selectFrom("post_reactions as r")
              .select((e) => e.fn.count<number>("r.user_id").distinct().as("people"))
              .whereRef("r.post_id", "=", "n.post_id")
              .whereRef("r.user_id", "!=", "n.user_id"),
          )
          .else(null)
          .end()
          .as("reactors"),
    ]);
}

/** One page of the member's notifications, newest first (keyset on updated_at, id). One query. */
export async function listNotifications(db: Kysely<Database>, viewer: { id: string; timeZone: string }, after?: NotificationCursor) {
  let query = listQuery(db, viewer.id)
    .orderBy("n.updated_at", "desc")
    .orderBy("n.id", "desc")
    .limit(NOTIFICATIONS_PER_PAGE + 1);
  if (after) query = query.where((eb) => eb(eb.refTuple("n.updated_at", "n.id"), "<", eb.tuple(after.updatedAt, after.id)));
  const rows = await query.execute();
  const page = rows.slice(0, NOTIFICATIONS_PER_PAGE);
  const last = page[page.length - 1];
  const items: NotificationItem[] = page.map((row) => ({
    id: row.id,
    type: row.type as NotificationType,
    ...describe(row, viewer.timeZone),
    unread: row.read_at === null,
    when: formatDateTime(row.updated_at, viewer.timeZone),
    updatedAt: row.updated_at,
  }));
  return { items, next: rows.length > NOTIFICATIONS_PER_PAGE && last ? { updatedAt: last.updated_at, id: last.id } : null };
}

/** Marks one notification read and says where it leads; undefined when it is not theirs or no longer visible. */
export async function openNotification(db: Kysely<Database>, viewer: { id: string; timeZone: string }, id: number, now = clockNow()): Promise<string | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > MAX_ID) return undefined;
  const row = await listQuery(db, viewer.id).where("n.id", "=", id).executeTakeFirst();
  if (!row) return undefined;
  if (row.read_at === null) await markRead(db, viewer.id, id, now);
  return describe(row, viewer.timeZone).href;
}

export async function markRead(db: Kysely<Database>, userId: string, id: number, now = clockNow()): Promise<boolean> {
  const result = await db
    .updateTable("notifications")
    .set({ read_at: now.toISOString() })
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function markAllRead(db: Kysely<Database>, userId: string, now = clockNow()): Promise<number> {
  const result = await db.updateTable("notifications").set({ read_at: now.toISOString() }).where("user_id", "=", userId).where("read_at", "is", null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** What waits for a member's daily digest, by kind (only what they may still see). */
export async function digestCounts(db: Kysely<Database>, userId: string): Promise<{ type: NotificationType; count: number }[]> {
  const rows = await visibleTo(db, userId)
    .where("n.email_state", "=", "digest")
    .select(["n.type", (eb) => eb.fn.sum<number>("n.count").as("count")])
    .groupBy("n.type")
    .execute();
  return rows.filter((r) => r.type in NOTIFICATION_TYPES).map((r) => ({ type: r.type as NotificationType, count: Number(r.count) }));
}

/** For "download my data": the member's notification settings and the notifications they can still see. */
export async function exportNotificationData(db: Kysely<Database>, userId: string) {
  const user = await db.selectFrom("users").select("time_zone").where("id", "=", userId).executeTakeFirst();
  const viewer = { id: userId, timeZone: user?.time_zone ?? "UTC" };
  const [preferences, reminderMinutesBefore] = await Promise.all([getPreferences(db, userId), getReminderMinutes(db, userId)]);
  const notifications: { type: string; text: string; detail: string | null; at: string; read: boolean }[] = [];
  let after: NotificationCursor | undefined;
  for (;;) {
    const page = await listNotifications(db, viewer, after);
    notifications.push(...page.items.map((n) => ({ type: n.type, text: n.text, detail: n.detail, at: n.updatedAt, read: !n.unread })));
    if (!page.next) break;
    after = page.next;
  }
  return { preferences, reminderMinutesBefore, notifications };
}
