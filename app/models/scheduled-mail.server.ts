/**
 * The periodic jobs the mail worker runs before sending (importing this module registers them):
 * - daily digests: once a day, from 8 a.m. in each member's own time zone, one e-mail with what
 *   waited for the digest (counts by kind only);
 * - meeting reminders: for each RSVP, the reminder the member chose (1 hour and/or 1 day before),
 *   computed on the occurrence's real start instant, so time zones and DST shifts are right;
 *   cancelled occurrences have no RSVPs to remind (listRsvpsStartingBetween leaves them out).
 * Both are idempotent: a digest per member per local day, a reminder per occurrence and offset.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { inTransaction } from "../../db/client";
import { now as clockNow } from "../utils/clock.server";
import { NOTIFICATION_TYPES } from "../utils/notification-types";
import { absoluteUrl } from "./mail/config.server";
import { renderMail, unsubscribeHeaders, unsubscribeUrl } from "./mail/compose.server";
import { getSiteConfig } from "./site-config.server";
import { enqueueMail } from "./mail/outbox.server";
import { addScheduledJob } from "./mail/worker.server";
import { listRsvpsStartingBetween } from "./meeting-rsvps.server";
import { digestCounts } from "./notifications.server";
import { DEFAULT_REMINDER_MINUTES, REMINDER_CHOICES, reminderMinutesOf } from "./notification-settings.server";
import { notify } from "./notify.server";
import { mayReadGroup } from "../policy";

export const DIGEST_HOUR = 8;

/** The local calendar day and hour of an instant in a time zone. */
export function localDayAndHour(instant: Date, timeZone: string): { day: string; hour: number } {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", hourCycle: "h23" }).formatToParts(instant);
  } catch {
    parts = new Intl.DateTimeFormat("en-CA", { timeZone: "UTC", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", hourCycle: "h23" }).formatToParts(instant);
  }
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return { day: `${get("year")}-${get("month")}-${get("day")}`, hour: Number(get("hour")) % 24 };
}

export async function sendDigests(db: Kysely<Database>, now = clockNow()): Promise<number> {
  const waiting = await db.selectFrom("notifications").select("user_id").distinct().where("email_state", "=", "digest").limit(500).execute();
  let sent = 0;
  for (const { user_id: userId } of waiting) {
    const user = await db
      .selectFrom("users")
      .leftJoin("notification_user_settings as s", "s.user_id", "users.id")
      .select(["users.id", "users.email", "users.display_name", "users.time_zone", "s.last_digest_day"])
      .where("users.id", "=", userId)
      .executeTakeFirst();
    if (!user) continue;
    const { day, hour } = localDayAndHour(now, user.time_zone);
    if (hour < DIGEST_HOUR || user.last_digest_day === day) continue;
    await inTransaction(db, async (tx) => {
      const counts = await digestCounts(tx, userId);
      await tx.updateTable("notifications").set({ email_state: "digested" }).where("user_id", "=", userId).where("email_state", "=", "digest").execute();
      await tx
        .insertInto("notification_user_settings")
        .values({ user_id: userId, reminder_minutes: DEFAULT_REMINDER_MINUTES.join(","), last_digest_day: day, updated_at: now.toISOString() })
        .onConflict((oc) => oc.column("user_id").doUpdateSet({ last_digest_day: day, updated_at: now.toISOString() }))
        .execute();
      if (counts.length === 0) return;
      const unsubscribe = await unsubscribeUrl(tx, userId, "all");
      const { siteName: site } = await getSiteConfig(tx);
      const subject = `Your daily ${site} digest`;
      const body = renderMail({
        site,
        subject,
        greeting: `Hello ${user.display_name},`,
        paragraphs: [`Here's what is waiting for you on ${site}:`, ...counts.map((c) => `• ${NOTIFICATION_TYPES[c.type].label}: ${c.count}`)],
        action: { label: "See your notifications", url: absoluteUrl("/notifications") },
        footnote: "You get this digest because of your notification settings. You can change them at any time in Settings → Notifications.",
        unsubscribeUrl: unsubscribe,
      });
      await enqueueMail(tx, { idempotencyKey: `digest:${userId}:${day}`, userId, to: user.email, subject, ...body, headers: unsubscribeHeaders(unsubscribe) }, now);
      sent++;
    });
  }
  return sent;
}

const LONGEST_REMINDER_MS = Math.max(...REMINDER_CHOICES.map((c) => c.minutes)) * 60_000;

export async function sendMeetingReminders(db: Kysely<Database>, now = clockNow()): Promise<number> {
  const rsvps = await listRsvpsStartingBetween(db, now.toISOString(), new Date(now.getTime() + LONGEST_REMINDER_MS + 60_000).toISOString());
  if (rsvps.length === 0) return 0;
  const userIds = [...new Set(rsvps.map((r) => r.userId))];
  const meetingIds = [...new Set(rsvps.map((r) => r.meetingId))];
  const [users, meetings, memberships] = await Promise.all([
    db
      .selectFrom("users")
      .leftJoin("notification_user_settings as s", "s.user_id", "users.id")
      .select(["users.id", "users.role", "s.reminder_minutes"])
      .where("users.id", "in", userIds)
      .execute(),
    db
      .selectFrom("meetings")
      .innerJoin("groups", "groups.id", "meetings.group_id")
      .select(["meetings.id", "meetings.name", "meetings.slug", "meetings.group_id", "groups.visibility"])
      .where("meetings.id", "in", meetingIds)
      .execute(),
    db
      .selectFrom("group_members")
      .innerJoin("meetings", "meetings.group_id", "group_members.group_id")
      .select(["group_members.user_id", "meetings.id as meeting_id"])
      .where("meetings.id", "in", meetingIds)
      .where("group_members.user_id", "in", userIds)
      .execute(),
  ]);
  const userOf = new Map(users.map((u) => [u.id, u]));
  const meetingOf = new Map(meetings.map((m) => [m.id, m]));
  const member = new Set(memberships.map((m) => `${m.user_id}:${m.meeting_id}`));
  let sent = 0;
  for (const r of rsvps) {
    const meeting = meetingOf.get(r.meetingId);
    const user = userOf.get(r.userId);
    if (!meeting || !user) continue;
    // A meeting of a private or hidden group is named only to those who may read the group.
    if (!mayReadGroup(user, meeting.visibility, member.has(`${r.userId}:${r.meetingId}`))) continue;
    const start = Date.parse(r.startsAt);
    // The closest reminder that is due: someone who says "going" an hour before gets one reminder, not two.
    const due = reminderMinutesOf(user.reminder_minutes)
      .filter((m) => start - m * 60_000 <= now.getTime())
      .sort((a, b) => a - b);
    const minutes = due[0];
    if (minutes === undefined) continue;
    await inTransaction(db, async (tx) => {
      const claimed = await tx
        .insertInto("meeting_reminders_sent")
        .values({ user_id: r.userId, meeting_id: r.meetingId, starts_at: r.startsAt, minutes_before: minutes, created_at: now.toISOString() })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) return;
      await notify(tx, {
        userId: r.userId,
        type: "meeting_reminder",
        meetingId: r.meetingId,
        groupId: meeting.group_id,
        data: { name: meeting.name, slug: meeting.slug, startsAt: r.startsAt, minutesBefore: minutes },
      });
      sent++;
    });
  }
  return sent;
}

addScheduledJob((db) => sendDigests(db), 60_000);
addScheduledJob((db) => sendMeetingReminders(db), 30_000);
