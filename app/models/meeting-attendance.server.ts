/**
 * What of the meetings area is the member's own: the private attendance log ("I attended", also
 * meetings elsewhere), its counts toward 90 meetings in 90 days, the personal calendar feed's
 * secret (only its hash is stored), and the member-data export's section.
 */
import type { Kysely } from "kysely";
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import type { Database } from "../../db/schema";
import { inTransaction, isUniqueViolation } from "../../db/client";
import { now as clockNow } from "../utils/clock.server";
import { randomId } from "../utils/ids.server";
import { addDays, meetsOn, occurrenceOn, toLocal, weekdayOf } from "../utils/meeting-time";
import { scheduleOf, type Meeting } from "./meetings.server";

export class AttendanceError extends Error {}

/** "I attended" a Harbor meeting's occurrence that has started; counted on the member's own day. */
export async function recordAttendance(db: Kysely<Database>, meeting: Meeting, date: string, userId: string, userZone: string, now = clockNow()): Promise<void> {
  const schedule = scheduleOf(meeting);
  if (!meetsOn(schedule, date)) throw new AttendanceError("The meeting doesn't meet on that day.");
  const occurrence = occurrenceOn(schedule, date);
  if (occurrence.start.getTime() > now.getTime()) throw new AttendanceError("That meeting hasn't started yet. Come back afterwards to record it.");
  try {
    await db
      .insertInto("meeting_attendance")
      .values({
        user_id: userId,
        meeting_id: meeting.id,
        occurrence_date: date,
        meeting_name: meeting.name,
        attended_on: toLocal(occurrence.start, userZone).date,
        created_at: now.toISOString(),
      })
      .execute();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

/** "I attended" a meeting outside Harbor: a name and the day (not in the future). */
export async function recordOutsideAttendance(db: Kysely<Database>, userId: string, name: string, day: string, userZone: string, now = clockNow()): Promise<void> {
  if (day > toLocal(now, userZone).date) throw new AttendanceError("That day is in the future. Record a meeting once you've been.");
  await db
    .insertInto("meeting_attendance")
    .values({ user_id: userId, meeting_id: null, occurrence_date: null, meeting_name: name, attended_on: day, created_at: now.toISOString() })
    .execute();
}

export async function deleteAttendance(db: Kysely<Database>, userId: string, attendanceId: number): Promise<boolean> {
  const result = await db.deleteFrom("meeting_attendance").where("id", "=", attendanceId).where("user_id", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export const ATTENDANCE_PAGE_SIZE = 30;

/** The member's own log, newest first, keyset-paged by (attended_on, id). */
export async function listAttendance(db: Kysely<Database>, userId: string, after?: { day: string; id: number }) {
  let q = db
    .selectFrom("meeting_attendance")
    .leftJoin("meetings", "meetings.id", "meeting_attendance.meeting_id")
    .select(["meeting_attendance.id", "meeting_attendance.meeting_name", "meeting_attendance.attended_on", "meeting_attendance.meeting_id", "meetings.slug"])
    .where("meeting_attendance.user_id", "=", userId);
  if (after) {
    q = q.where((eb) =>
      eb.or([eb("meeting_attendance.attended_on", "<", after.day), eb.and([eb("meeting_attendance.attended_on", "=", after.day), eb("meeting_attendance.id", "<", after.id)])]),
    );
  }
  const rows = await q
    .orderBy("meeting_attendance.attended_on", "desc")
    .orderBy("meeting_attendance.id", "desc")
    .limit(ATTENDANCE_PAGE_SIZE + 1)
    .execute();
  return { rows: rows.slice(0, ATTENDANCE_PAGE_SIZE), more: rows.length > ATTENDANCE_PAGE_SIZE };
}

/**
 * Counts for the member's own view: days with a meeting in the last 90 days (toward "90 meetings
 * in 90 days", counted as meetings attended in that window), per week for the last 8 weeks, and
 * the days of a month for the calendar. One query.
 */
export async function attendanceSummary(db: Kysely<Database>, userId: string, userZone: string, month: string | null, now = clockNow()) {
  const today = toLocal(now, userZone).date;
  const ninetyStart = addDays(today, -89);
  const monthStart = month ?? today.slice(0, 7);
  const earliest = [ninetyStart, `${monthStart}-01`, addDays(today, -7 * 8)].sort()[0]!;
  const rows = await db.selectFrom("meeting_attendance").select(["attended_on"]).where("user_id", "=", userId).where("attended_on", ">=", earliest).execute();
  const ninety = rows.filter((r) => r.attended_on >= ninetyStart && r.attended_on <= today).length;
  // Weeks start on Monday, in the member's zone.
  const thisMonday = addDays(today, -((weekdayOf(today) + 6) % 7));
  const weeks = Array.from({ length: 8 }, (_, i) => {
    const start = addDays(thisMonday, -7 * i);
    const end = addDays(start, 6);
    return { start, count: rows.filter((r) => r.attended_on >= start && r.attended_on <= end).length };
  });
  const monthDays = new Map<string, number>();
  for (const r of rows) if (r.attended_on.startsWith(monthStart)) monthDays.set(r.attended_on, (monthDays.get(r.attended_on) ?? 0) + 1);
  return { today, ninety, ninetyStart, weeks, month: monthStart, monthDays: Object.fromEntries(monthDays) };
}

function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** A new secret for the member's personal feed; the old one stops working. Returns the secret (shown once in the URL). */
export async function regenerateCalendarToken(db: Kysely<Database>, userId: string, now = clockNow()): Promise<string> {
  const token = randomId(20);
  await inTransaction(db, async (tx) => {
    await tx.deleteFrom("calendar_tokens").where("user_id", "=", userId).execute();
    await tx
      .insertInto("calendar_tokens")
      .values({ user_id: userId, token_hash: hashToken(token), created_at: now.toISOString() })
      .execute();
  });
  return token;
}

export async function hasCalendarToken(db: Kysely<Database>, userId: string): Promise<boolean> {
  return !!(await db.selectFrom("calendar_tokens").select("user_id").where("user_id", "=", userId).executeTakeFirst());
}

export async function revokeCalendarToken(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom("calendar_tokens").where("user_id", "=", userId).execute();
}

export async function userForCalendarToken(db: Kysely<Database>, token: string): Promise<string | null> {
  if (!/^[a-z2-7]{16,64}$/.test(token)) return null;
  const row = await db.selectFrom("calendar_tokens").select("user_id").where("token_hash", "=", hashToken(token)).executeTakeFirst();
  return row?.user_id ?? null;
}

/** Everything of the meetings area that is the member's own (for the data export). */
export async function exportMeetingData(db: Kysely<Database>, userId: string) {
  const [rsvps, attendance] = await Promise.all([
    db
      .selectFrom("meeting_rsvps as r")
      .innerJoin("meetings", "meetings.id", "r.meeting_id")
      .select(["meetings.name as meeting", "meetings.slug", "r.occurrence_date as date", "r.starts_at as startsAt", "r.created_at as createdAt"])
      .where("r.user_id", "=", userId)
      .orderBy("r.starts_at")
      .execute(),
    db
      .selectFrom("meeting_attendance")
      .select(["meeting_name as meeting", "attended_on as day", "occurrence_date as date", "created_at as recordedAt"])
      .where("user_id", "=", userId)
      .orderBy("attended_on")
      .orderBy("id")
      .execute(),
  ]);
  return { rsvps, attendance, calendarFeed: (await hasCalendarToken(db, userId)) ? "enabled (its secret address is not stored)" : "off" };
}

/** Which of these occurrences of a meeting the member has logged as attended. One query. */
export async function attendedDates(db: Kysely<Database>, meetingId: number, userId: string, dates: string[]): Promise<Set<string>> {
  if (dates.length === 0) return new Set();
  const rows = await db
    .selectFrom("meeting_attendance")
    .select("occurrence_date")
    .where("user_id", "=", userId)
    .where("meeting_id", "=", meetingId)
    .where("occurrence_date", "in", dates)
    .execute();
  return new Set(rows.map((r) => r.occurrence_date!));
}

/** Takes back an "I attended" for a Harbor meeting's occurrence. */
export async function unrecordAttendance(db: Kysely<Database>, meetingId: number, date: string, userId: string): Promise<void> {
  await db.deleteFrom("meeting_attendance").where("user_id", "=", userId).where("meeting_id", "=", meetingId).where("occurrence_date", "=", date).execute();
}
