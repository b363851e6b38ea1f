/**
 * A meeting's single dates: their exceptions (cancelled with a reason, a note like "this week in
 * room 2"), a moderator's change to one date (members going are told of a cancellation), the next
 * and recent dates as the meeting page shows them, and what the calendar feeds carry of them.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { inTransaction } from "../../db/client";
import { now as clockNow } from "../utils/clock.server";
import { meetsOn, nextOccurrences, occurrenceOn, occurrencesBetween, type Occurrence } from "../utils/meeting-time";
import { scheduleOf, type Meeting } from "./meetings.server";
import { notify } from "./notify.server";

export interface OccurrenceException {
  meeting_id: number;
  occurrence_date: string;
  cancelled: number;
  cancel_reason: string;
  note: string;
}

export async function exceptionsFor(db: Kysely<Database>, meetingIds: number[] | null, fromDate: string, toDate: string): Promise<Map<string, OccurrenceException>> {
  let q = db
    .selectFrom("meeting_occurrences")
    .select(["meeting_id", "occurrence_date", "cancelled", "cancel_reason", "note"])
    .where("occurrence_date", ">=", fromDate)
    .where("occurrence_date", "<=", toDate);
  if (meetingIds) {
    if (meetingIds.length === 0) return new Map();
    q = q.where("meeting_id", "in", meetingIds);
  }
  const rows = await q.execute();
  return new Map(rows.map((r) => [`${r.meeting_id}|${r.occurrence_date}`, r]));
}

export class OccurrenceError extends Error {}

/**
 * Cancels one occurrence (with a reason), takes a cancellation back, or sets its note. Members
 * going are told of a cancellation. The date must be one the meeting meets on.
 */
export async function setOccurrence(
  db: Kysely<Database>,
  meeting: Meeting,
  date: string,
  change: { cancelled: boolean; reason: string; note: string },
  actorId: string,
  now = clockNow(),
): Promise<void> {
  const schedule = scheduleOf(meeting);
  if (!meetsOn(schedule, date)) throw new OccurrenceError("The meeting doesn't meet on that day.");
  await inTransaction(db, async (tx) => {
    const before = await tx.selectFrom("meeting_occurrences").selectAll().where("meeting_id", "=", meeting.id).where("occurrence_date", "=", date).executeTakeFirst();
    const values = {
      cancelled: change.cancelled ? 1 : 0,
      cancel_reason: change.cancelled ? change.reason : "",
      note: change.note,
      updated_at: now.toISOString(),
      updated_by: actorId,
    };
    if (before) {
      await tx.updateTable("meeting_occurrences").set(values).where("meeting_id", "=", meeting.id).where("occurrence_date", "=", date).execute();
    } else {
      await tx
        .insertInto("meeting_occurrences")
        .values({ meeting_id: meeting.id, occurrence_date: date, ...values })
        .execute();
    }
    // One date changed is a change of the meeting's calendar event: SEQUENCE and LAST-MODIFIED move.
    const changed = !before || !!before.cancelled !== change.cancelled || before.cancel_reason !== values.cancel_reason || before.note !== values.note;
    if (changed)
      await tx
        .updateTable("meetings")
        .set((eb) => ({ sequence: eb("sequence", "+", 1), updated_at: values.updated_at }))
        .where("id", "=", meeting.id)
        .execute();
    const newlyCancelled = change.cancelled && !before?.cancelled;
    if (!newlyCancelled) return;
    const going = await tx.selectFrom("meeting_rsvps").select("user_id").where("meeting_id", "=", meeting.id).where("occurrence_date", "=", date).execute();
    for (const g of going) {
      if (g.user_id === actorId) continue;
      await notify(tx, {
        userId: g.user_id,
        type: "meeting_change",
        meetingId: meeting.id,
        groupId: meeting.group_id,
        data: { change: "cancelled", name: meeting.name, slug: meeting.slug, date, startsAt: occurrenceOn(schedule, date).start.toISOString(), reason: change.reason },
      });
    }
  });
}

export interface OccurrenceView {
  date: string;
  startIso: string;
  endIso: string;
  cancelled: boolean;
  cancelReason: string;
  note: string;
}

function viewOf(meetingId: number, o: Occurrence, exceptions: Map<string, OccurrenceException>): OccurrenceView {
  const e = exceptions.get(`${meetingId}|${o.date}`);
  return { date: o.date, startIso: o.start.toISOString(), endIso: o.end.toISOString(), cancelled: !!e?.cancelled, cancelReason: e?.cancel_reason ?? "", note: e?.note ?? "" };
}

/** The next occurrences of one meeting with their exceptions. One query. */
export async function upcomingOccurrences(db: Kysely<Database>, meeting: Meeting, count: number, now = clockNow()): Promise<OccurrenceView[]> {
  const occurrences = nextOccurrences(scheduleOf(meeting), now, count);
  if (occurrences.length === 0) return [];
  const exceptions = await exceptionsFor(db, [meeting.id], occurrences[0]!.date, occurrences[occurrences.length - 1]!.date);
  return occurrences.map((o) => viewOf(meeting.id, o, exceptions));
}

/** Occurrences of one meeting that have started in the last `days` days (for "I attended"). One query. */
export async function recentOccurrences(db: Kysely<Database>, meeting: Meeting, days: number, now = clockNow()): Promise<OccurrenceView[]> {
  const from = new Date(now.getTime() - days * 86_400_000);
  const occurrences = occurrencesBetween(scheduleOf(meeting), from, now).filter((o) => o.start.getTime() <= now.getTime());
  if (occurrences.length === 0) return [];
  const exceptions = await exceptionsFor(db, [meeting.id], occurrences[0]!.date, occurrences[occurrences.length - 1]!.date);
  return occurrences.map((o) => viewOf(meeting.id, o, exceptions)).reverse();
}

/**
 * What the calendar feeds carry of meetings' single dates (all meetings when `meetingIds` is
 * null): the cancelled dates since `sinceDate`, and the notes ("this week in room 4") of dates
 * still standing from `notesSince` on. One query.
 */
export async function feedExceptions(
  db: Kysely<Database>,
  meetingIds: number[] | null,
  sinceDate: string,
  notesSince: string,
): Promise<{ cancelled: Map<number, string[]>; notes: Map<number, { date: string; note: string }[]> }> {
  const cancelled = new Map<number, string[]>();
  const notes = new Map<number, { date: string; note: string }[]>();
  let q = db
    .selectFrom("meeting_occurrences")
    .select(["meeting_id", "occurrence_date", "cancelled", "note"])
    .where("occurrence_date", ">=", sinceDate)
    .where((eb) => eb.or([eb("cancelled", "=", 1), eb.and([eb("note", "<>", ""), eb("occurrence_date", ">=", notesSince)])]))
    .orderBy("occurrence_date");
  if (meetingIds) {
    if (meetingIds.length === 0) return { cancelled, notes };
    if (meetingIds.length <= 500) q = q.where("meeting_id", "in", meetingIds);
  }
  for (const r of await q.execute()) {
    if (r.cancelled) {
      const list = cancelled.get(r.meeting_id) ?? [];
      list.push(r.occurrence_date);
      cancelled.set(r.meeting_id, list);
    } else {
      const list = notes.get(r.meeting_id) ?? [];
      list.push({ date: r.occurrence_date, note: r.note });
      notes.set(r.meeting_id, list);
    }
  }
  return { cancelled, notes };
}
