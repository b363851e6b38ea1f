/**
 * "I'm going": RSVPs to a meeting's coming dates (not cancelled, not started), who is going (for
 * members' eyes), and the RSVPs starting in a window (the reminders).
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { isUniqueViolation } from "../../db/client";
import { now as clockNow } from "../utils/clock.server";
import { meetsOn, occurrenceOn } from "../utils/meeting-time";
import { scheduleOf, type Meeting } from "./meetings.server";

export class RsvpError extends Error {}

/** "I'm going" to one occurrence: it must exist, not be cancelled and not have started. */
export async function rsvp(db: Kysely<Database>, meeting: Meeting, date: string, userId: string, now = clockNow()): Promise<void> {
  const schedule = scheduleOf(meeting);
  if (meeting.archived_at) throw new RsvpError("This meeting is archived: it no longer meets.");
  if (!meetsOn(schedule, date)) throw new RsvpError("The meeting doesn't meet on that day.");
  const occurrence = occurrenceOn(schedule, date);
  if (occurrence.start.getTime() <= now.getTime()) throw new RsvpError("That meeting has already started or is over. Choose a coming one.");
  const exception = await db.selectFrom("meeting_occurrences").select(["cancelled"]).where("meeting_id", "=", meeting.id).where("occurrence_date", "=", date).executeTakeFirst();
  if (exception?.cancelled) throw new RsvpError("That meeting is cancelled, so you can't say you're going.");
  try {
    await db
      .insertInto("meeting_rsvps")
      .values({ meeting_id: meeting.id, occurrence_date: date, user_id: userId, starts_at: occurrence.start.toISOString(), created_at: now.toISOString() })
      .execute();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error; // already going: nothing to do
  }
}

export async function cancelRsvp(db: Kysely<Database>, meetingId: number, date: string, userId: string): Promise<void> {
  await db.deleteFrom("meeting_rsvps").where("meeting_id", "=", meetingId).where("occurrence_date", "=", date).where("user_id", "=", userId).execute();
}

/** Who is going to these occurrences of a meeting (display names; for members' eyes). One query. */
export async function listGoing(db: Kysely<Database>, meetingId: number, dates: string[]): Promise<Map<string, { id: string; name: string }[]>> {
  const result = new Map<string, { id: string; name: string }[]>();
  if (dates.length === 0) return result;
  const rows = await db
    .selectFrom("meeting_rsvps")
    .innerJoin("users", "users.id", "meeting_rsvps.user_id")
    .select(["meeting_rsvps.occurrence_date", "users.id", "users.display_name"])
    .where("meeting_rsvps.meeting_id", "=", meetingId)
    .where("meeting_rsvps.occurrence_date", "in", dates)
    .orderBy("meeting_rsvps.created_at")
    .execute();
  for (const r of rows) {
    const list = result.get(r.occurrence_date) ?? [];
    list.push({ id: r.id, name: r.display_name });
    result.set(r.occurrence_date, list);
  }
  return result;
}

/**
 * For reminders (the notifications issue): every RSVP whose occurrence starts in [fromIso, toIso),
 * cancelled occurrences left out. Uses the starts_at index.
 */
export async function listRsvpsStartingBetween(
  db: Kysely<Database>,
  fromIso: string,
  toIso: string,
): Promise<{ meetingId: number; occurrenceDate: string; startsAt: string; userId: string }[]> {
  const rows = await db
    .selectFrom("meeting_rsvps as r")
    .leftJoin("meeting_occurrences as o", (join) => join.onRef("o.meeting_id", "=", "r.meeting_id").onRef("o.occurrence_date", "=", "r.occurrence_date"))
    .select(["r.meeting_id", "r.occurrence_date", "r.starts_at", "r.user_id"])
    .where("r.starts_at", ">=", fromIso)
    .where("r.starts_at", "<", toIso)
    .where((eb) => eb.or([eb("o.cancelled", "is", null), eb("o.cancelled", "=", 0)]))
    .orderBy("r.starts_at")
    .execute();
  return rows.map((r) => ({ meetingId: r.meeting_id, occurrenceDate: r.occurrence_date, startsAt: r.starts_at, userId: r.user_id }));
}
